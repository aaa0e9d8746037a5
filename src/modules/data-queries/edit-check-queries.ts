import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { insertQuery, insertQueryMessage, unresolvedCheckQueriesOfForm } from './data-query.repo.js';
import { moveQuery } from './step-data-query.js';

/** A soft edit check that a saved value fails: the item it is about and what it says. */
export interface CheckFailure {
  itemGroupOid: string;
  repeatKey: number;
  itemOid: string;
  /** Which check: a range check's or a rule's key, stable from one save to the next. */
  checkKey: string;
  message: string;
}

export interface SavedForm {
  participant: { id: string; study_id: string; study_site_id: string };
  participantVisitId: string;
  formOid: string;
}

const addressOf = (q: { item_group_oid: string | null; repeat_key: number | null; item_oid: string | null; check_key: string | null }) =>
  `${q.item_group_oid}|${q.repeat_key}|${q.item_oid}|${q.check_key}`;

/**
 * After a form is saved, in the save's transaction: a soft check that now fails and has no
 * unresolved query opens one on its item, assigned to nobody (the site's inbox shows it); an
 * unresolved query a check opened whose check now passes (the value was corrected) is closed,
 * with a message saying so. A query a person answered stays for a person to close only while
 * its check still fails.
 */
export async function reconcileEditCheckQueries(
  tx: Kysely<DB>,
  ctx: RequestContext,
  form: SavedForm,
  failures: readonly CheckFailure[],
): Promise<{ opened: string[]; closed: string[] }> {
  const unresolved = await unresolvedCheckQueriesOfForm(tx, form.participantVisitId, form.formOid);
  const failing = new Map(
    failures.map((f) => [
      addressOf({ item_group_oid: f.itemGroupOid, repeat_key: f.repeatKey, item_oid: f.itemOid, check_key: f.checkKey }),
      f,
    ]),
  );
  const closed: string[] = [];
  for (const query of unresolved) {
    if (failing.has(addressOf(query))) continue;
    await moveQuery(tx, ctx, query, 'close', 'Closed by the edit check: the value now passes.');
    closed.push(query.id);
  }
  const already = new Set(unresolved.map(addressOf));
  const opened: string[] = [];
  const now = ctx.now();
  for (const [address, failure] of failing) {
    if (already.has(address)) continue;
    const id = await insertQuery(tx, {
      study_id: form.participant.study_id,
      study_site_id: form.participant.study_site_id,
      participant_id: form.participant.id,
      participant_visit_id: form.participantVisitId,
      form_oid: form.formOid,
      item_group_oid: failure.itemGroupOid,
      repeat_key: failure.repeatKey,
      item_oid: failure.itemOid,
      scope: 'item',
      origin: 'edit_check',
      check_key: failure.checkKey,
      text: failure.message,
      opened_at: now,
      opened_by_user_id: null,
    });
    await insertQueryMessage(tx, {
      query_id: id,
      kind: 'question',
      text: failure.message,
      author_user_id: null,
      author_label: 'Edit check',
      created_at: now,
    });
    await writeAuditEvent(tx, ctx, {
      entityType: 'data_query',
      entityId: id,
      action: 'create',
      changes: [
        { field: 'participantId', old: null, new: form.participant.id },
        { field: 'visitId', old: null, new: form.participantVisitId },
        { field: 'formOid', old: null, new: form.formOid },
        { field: 'itemGroupOid', old: null, new: failure.itemGroupOid },
        { field: 'repeatKey', old: null, new: failure.repeatKey },
        { field: 'itemOid', old: null, new: failure.itemOid },
        { field: 'origin', old: null, new: 'edit_check' },
        { field: 'checkKey', old: null, new: failure.checkKey },
        { field: 'text', old: null, new: failure.message },
        { field: 'status', old: null, new: 'open' },
      ],
    });
    opened.push(id);
  }
  return { opened, closed };
}
