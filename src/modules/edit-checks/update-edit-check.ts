import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { invalid, notFound, preconditionFailed } from '../../platform/errors.js';
import { listCrfItemDefinitions, lockProtocolVersionStatus } from '../crf-metadata/crf-metadata.repo.js';
import { assertCanWriteProtocol } from '../protocols/assert-can-write-protocol.js';
import { finalRefusal } from './create-edit-check.js';
import { findEditCheckScope } from './edit-check-access.js';
import { toEditCheck } from './edit-check-model.js';
import { editCheckRuleUpdate, findEditCheckRule } from './edit-checks.repo.js';
import type { EditCheck, UpdateEditCheck } from './edit-checks.schemas.js';
import { validateEditCheck } from './validate-edit-check.js';

/**
 * Edits a rule of a draft version, or deactivates it (active: false keeps the rule and its
 * history; data entry no longer checks it). Optimistic lock by If-Match; audited field by field.
 */
export async function updateEditCheck(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { studyId: string; protocolVersionId: string; ruleId: string },
  expectedVersion: number,
  { reason, ...input }: UpdateEditCheck,
): Promise<EditCheck> {
  const { version, metadata } = await findEditCheckScope(db, ctx, ids.studyId, ids.protocolVersionId);
  assertCanWriteProtocol(ctx, { id: version.study_id, sponsor_org_id: version.sponsor_org_id, cro_org_id: version.cro_org_id });
  return db.transaction().execute(async (tx) => {
    const current = await findEditCheckRule(tx, metadata.id, ids.ruleId);
    if (!current) throw notFound('edit check');
    const locked = await lockProtocolVersionStatus(tx, ids.protocolVersionId);
    if (locked.status === 'final') throw finalRefusal();
    if (current.version !== expectedVersion) throw preconditionFailed();
    const items = (await listCrfItemDefinitions(tx, metadata.id)).map((i) => ({ oid: i.oid, dataType: i.data_type }));
    const errors = validateEditCheck(items, input);
    if (errors.length > 0) throw invalid(errors);
    const before = toEditCheck(current);
    // Nothing to change (a form saved as it was): no new version and no audit row.
    if (diffChanges(before, { ...before, ...definedOnly(input) }).length === 0) return before;
    await updateVersioned(
      tx,
      'edit_check_rules',
      current.id,
      expectedVersion,
      editCheckRuleUpdate({
        name: input.name,
        expression: input.expression,
        severity: input.severity,
        message: input.message,
        item_oids: input.itemOids,
        test_cases: input.testCases,
        active: input.active,
      }),
      ctx.now(),
    );
    const row = await findEditCheckRule(tx, metadata.id, ids.ruleId);
    if (!row) throw notFound('edit check');
    const after = toEditCheck(row);
    await writeAuditEvent(tx, ctx, {
      entityType: 'edit_check_rule',
      entityId: row.id,
      action: 'update',
      changes: diffChanges(before, after),
      reason,
    });
    return after;
  });
}

function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}
