import type { Kysely } from 'kysely';
import type { FieldChange } from '../../platform/audit/audit-events.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict, forbidden, invalid, invalidField, notFound, preconditionFailed } from '../../platform/errors.js';
import { reconcileEditCheckQueries } from '../data-queries/edit-check-queries.js';
import { canAtStudySite, lockParticipant } from '../participants/participant-access.repo.js';
import {
  deleteItemValues,
  type FormEntryRow,
  insertFormEntry,
  insertItemValues,
  itemValuesOf,
  lockFormEntry,
  updateFormEntry,
  updateItemValue,
} from './data-entry.repo.js';
import type { FormEntry, SaveFormEntry } from './data-entry.schemas.js';
import { loadFormDefinition } from './form-definition.js';
import { rangeFailures, ruleFailures } from './form-edit-checks.js';
import { formEntryView } from './form-entry-view.js';
import { missingRequiredItems, planFormChanges } from './plan-form-changes.js';
import { findVisitForm } from './visit-form.js';

export interface SavedFormEntry {
  entry: FormEntry;
  changes: number;
  softChecks: FormEntry['softChecks'];
  queriesOpened: number;
  queriesClosed: number;
}

/**
 * Saves a form at a visit (If-Match: the version read, 0 for a form not started): as a draft,
 * or as saved (complete: every required item present). Each value is checked against its item;
 * a failed hard range check refuses the save, failed soft ones are saved and returned. Once the
 * form was first saved, every change needs a reason (21 CFR 11.10(e)). One audit entry per save
 * lists every value changed, `GROUP[row].ITEM` with old and new value, and the reason, in the
 * same transaction; a refused save writes nothing.
 */
export async function saveFormEntry(
  db: Kysely<DB>,
  ctx: RequestContext,
  visitId: string,
  formOid: string,
  expectedVersion: number,
  input: SaveFormEntry,
  language?: string,
): Promise<SavedFormEntry> {
  return db.transaction().execute(async (tx) => {
    const visitForm = await findVisitForm(tx, ctx, visitId, formOid);
    const { visit, visible, form, crf } = visitForm;
    if (!canAtStudySite(ctx, 'participant.write', visible.studySite)) throw forbidden();
    if (!(await lockParticipant(tx, ctx, visible.participant.id))) throw notFound('visit');
    if (visit.status === 'cancelled') throw conflict(`Visit ${visit.code} is cancelled: its forms take no data.`);

    const lang = language ?? crf.default_language;
    const groups = await loadFormDefinition(tx, form.id, lang, crf.default_language);
    const entry = await lockFormEntry(tx, visit.id, form.id);
    if ((entry?.version ?? 0) !== expectedVersion) throw preconditionFailed();
    if (entry?.status === 'saved' && input.status === 'draft')
      throw conflict('A saved form stays complete: save it again (status saved) with a reason for the change.');
    const existing = entry ? await itemValuesOf(tx, entry.id) : [];

    const plan = planFormChanges(groups, existing, input);
    if (plan.errors.length > 0) throw invalid(plan.errors, plan.errors[0]?.detail);
    if (input.status === 'saved') {
      const missing = missingRequiredItems(groups, plan.after);
      if (missing.length > 0) throw invalid(missing, `${missing.length} required item(s) missing: ${missing[0]?.detail}`);
    }
    const rules = await ruleFailures(tx, crf.id, groups, plan.after);
    if (rules.hard.length > 0) throw invalid(rules.hard, rules.hard[0]?.detail);
    const statusChanges = entry?.status !== input.status;
    if (entry?.first_saved_at && plan.changes.length > 0 && !input.reason)
      throw invalidField('/reason', 'The form was saved before: give the reason for the change (21 CFR 11.10(e)).');
    if (entry && !statusChanges && plan.changes.length === 0)
      return { ...(await view()), changes: 0, softChecks: [], queriesOpened: 0, queriesClosed: 0 };

    const now = ctx.now();
    const userId = actorUserId(ctx.actor);
    const firstSave = input.status === 'saved' && !entry?.first_saved_at;
    const columns = {
      status: input.status,
      first_saved_at: firstSave ? now : (entry?.first_saved_at ?? null),
      first_saved_by_user_id: firstSave ? userId : (entry?.first_saved_by_user_id ?? null),
      last_changed_at: now,
      last_changed_by_user_id: userId,
    };
    const saved: FormEntryRow = entry
      ? await updateFormEntry(tx, entry, columns, now)
      : await insertFormEntry(tx, {
          ...columns,
          participant_visit_id: visit.id,
          participant_id: visible.participant.id,
          study_site_id: visible.participant.study_site_id,
          study_id: visible.participant.study_id,
          crf_form_id: form.id,
          form_oid: form.oid,
          created_at: now,
          updated_at: now,
        });

    await deleteItemValues(
      tx,
      plan.deletes.map((row) => row.id),
    );
    for (const { row, to } of plan.updates)
      await updateItemValue(tx, row, { value: to.value, measurement_unit_oid: to.unitOid, changed_at: now, changed_by_user_id: userId });
    await insertItemValues(
      tx,
      plan.inserts.map((v) => ({
        form_entry_id: saved.id,
        item_group_oid: v.itemGroupOid,
        repeat_key: v.repeatKey,
        item_oid: v.item.oid,
        crf_item_id: v.item.id,
        value: v.value,
        measurement_unit_oid: v.unitOid,
        changed_at: now,
        changed_by_user_id: userId,
      })),
    );

    const header: FieldChange[] = entry
      ? statusChanges
        ? [{ field: 'status', old: entry.status, new: input.status }]
        : []
      : [
          { field: 'form', old: null, new: form.oid },
          { field: 'visit', old: null, new: visit.code },
          { field: 'status', old: null, new: input.status },
        ];
    await writeAuditEvent(tx, ctx, {
      entityType: 'crf_form_entry',
      entityId: saved.id,
      action: !entry ? 'create' : statusChanges ? 'status_change' : 'update',
      changes: [...header, ...plan.changes],
      reason: input.reason ?? null,
    });
    const result = await view();
    // A complete form's failing soft checks each have a query on their item; a corrected value closes its query.
    const queries =
      input.status === 'saved'
        ? await reconcileEditCheckQueries(tx, ctx, { participant: visible.participant, participantVisitId: visit.id, formOid: form.oid }, [
            ...rangeFailures(result.entry.softChecks),
            ...rules.soft,
          ])
        : { opened: [], closed: [] };
    return {
      ...result,
      changes: plan.changes.filter((c) => !c.field.endsWith(' unit')).length,
      softChecks: plan.softChecks,
      queriesOpened: queries.opened.length,
      queriesClosed: queries.closed.length,
    };

    async function view() {
      const row = await lockFormEntry(tx, visit.id, form.id);
      const values = row ? await itemValuesOf(tx, row.id) : [];
      return { entry: formEntryView(visitForm, groups, row, values, lang) };
    }
  });
}
