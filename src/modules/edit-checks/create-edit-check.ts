import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict, invalid } from '../../platform/errors.js';
import { listCrfItemDefinitions, lockProtocolVersionStatus } from '../crf-metadata/crf-metadata.repo.js';
import { assertCanWriteProtocol } from '../protocols/assert-can-write-protocol.js';
import { findEditCheckScope } from './edit-check-access.js';
import { toEditCheck } from './edit-check-model.js';
import { insertEditCheckRule, listEditCheckRules } from './edit-checks.repo.js';
import type { CreateEditCheck, EditCheck } from './edit-checks.schemas.js';
import { validateEditCheck } from './validate-edit-check.js';

export const finalRefusal = () =>
  conflict('The protocol version is final: its edit checks cannot change. Amend the protocol to change them.');

/**
 * A study manager adds a cross-item rule to a draft protocol version's CRF metadata. The
 * expression must compile against the metadata's items, and the test cases must name them
 * (400 naming each field); a final version answers 409; the rule is audited whole.
 */
export async function createEditCheck(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  protocolVersionId: string,
  { reason, ...input }: CreateEditCheck,
): Promise<EditCheck> {
  const { version, metadata } = await findEditCheckScope(db, ctx, studyId, protocolVersionId);
  assertCanWriteProtocol(ctx, { id: version.study_id, sponsor_org_id: version.sponsor_org_id, cro_org_id: version.cro_org_id });
  if (version.status === 'final') throw finalRefusal();
  return db.transaction().execute(async (tx) => {
    const locked = await lockProtocolVersionStatus(tx, protocolVersionId);
    if (locked.status === 'final') throw finalRefusal();
    const items = (await listCrfItemDefinitions(tx, metadata.id)).map((i) => ({ oid: i.oid, dataType: i.data_type }));
    const errors = validateEditCheck(items, input);
    if (errors.length > 0) throw invalid(errors);
    const duplicate = { pointer: '/oid', detail: `A rule "${input.oid}" exists already in this CRF metadata.` };
    if ((await listEditCheckRules(tx, metadata.id)).some((r) => r.oid === input.oid)) throw conflict(duplicate.detail, [duplicate]);
    // Two managers adding the same OID at once: the second meets the unique constraint, answered as the check above answers.
    const row = await insertEditCheckRule(
      tx,
      { metadataVersionId: metadata.id, studyId: version.study_id },
      {
        oid: input.oid,
        name: input.name,
        expression: input.expression,
        severity: input.severity,
        message: input.message,
        item_oids: input.itemOids,
        test_cases: input.testCases,
        active: true,
      },
      ctx.now(),
    ).catch((error: unknown) => rethrowUniqueViolation(error, { edit_check_rules_metadata_version_id_oid_key: duplicate }));
    const created = toEditCheck(row);
    await writeAuditEvent(tx, ctx, {
      entityType: 'edit_check_rule',
      entityId: row.id,
      action: 'create',
      changes: diffChanges(null, created, ['id', 'version', 'createdAt', 'updatedAt']),
      reason,
    });
    return created;
  });
}
