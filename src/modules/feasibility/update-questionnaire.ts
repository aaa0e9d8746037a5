import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { conflict, notFound, preconditionFailed } from '../../platform/errors.js';
import { questionnaireAuditIgnore, withIds } from './create-questionnaire.js';
import { findVisibleQuestionnaire, questionnaireScope, toQuestionnaire } from './questionnaire.repo.js';
import type { Questionnaire, UpdateQuestionnaire } from './questionnaire.schemas.js';

export async function updateQuestionnaire(
  db: Kysely<DB>,
  ctx: RequestContext,
  id: string,
  expectedVersion: number,
  input: UpdateQuestionnaire,
): Promise<Questionnaire> {
  return db.transaction().execute(async (tx) => {
    const current = await findVisibleQuestionnaire(tx, ctx, id);
    if (!current) throw notFound('questionnaire');
    assertCan(ctx, 'feasibility.write', questionnaireScope(current));
    if (current.version !== expectedVersion) throw preconditionFailed();
    // ICH E6(R3) 3.6: the questions sites answered stay on record as they were asked.
    if (current.status !== 'draft') {
      throw conflict('This questionnaire was sent and is frozen. Create a new questionnaire with supersedesId to change it.');
    }
    const columns: { title?: string; questions?: string } = {};
    if (input.title !== undefined) columns.title = input.title;
    if (input.questions !== undefined) columns.questions = JSON.stringify(withIds(input.questions));
    const before = toQuestionnaire(current);
    await updateVersioned(tx, 'feasibility_questionnaires', id, expectedVersion, columns, ctx.now());
    const row = await findVisibleQuestionnaire(tx, ctx, id);
    if (!row) throw notFound('questionnaire');
    const after = toQuestionnaire(row);
    await writeAuditEvent(tx, ctx, {
      entityType: 'feasibility_questionnaire',
      entityId: id,
      action: 'update',
      changes: diffChanges(before, after, questionnaireAuditIgnore),
    });
    return after;
  });
}
