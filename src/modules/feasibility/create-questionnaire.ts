import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { invalidField, notFound } from '../../platform/errors.js';
import { findVisibleQuestionnaire, insertQuestionnaire, requireStudyAtStudyLevel, toQuestionnaire } from './questionnaire.repo.js';
import type { CreateQuestionnaire, Question, QuestionInput, Questionnaire } from './questionnaire.schemas.js';

export const questionnaireAuditIgnore = ['id', 'version', 'createdAt', 'updatedAt'];

/** Answers refer to questions by id; the server gives them, so two questions never share one. */
export function withIds(questions: QuestionInput[]): Question[] {
  return questions.map((question) => ({ id: randomUUID(), ...question }) as Question);
}

export async function createQuestionnaire(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  input: CreateQuestionnaire,
): Promise<Questionnaire> {
  return db.transaction().execute(async (tx) => {
    await requireStudyAtStudyLevel(tx, ctx, studyId, 'feasibility.write');
    let revision = 1;
    if (input.supersedesId) {
      const previous = await findVisibleQuestionnaire(tx, ctx, input.supersedesId);
      if (!previous || previous.study_id !== studyId) throw invalidField('/supersedesId', 'No such questionnaire in this study.');
      if (previous.status !== 'sent') throw invalidField('/supersedesId', 'A draft is edited, not superseded.');
      revision = previous.revision + 1;
    }
    const id = await insertQuestionnaire(tx, {
      study_id: studyId,
      title: input.title,
      revision,
      supersedes_id: input.supersedesId ?? null,
      questions: JSON.stringify(withIds(input.questions)),
    });
    const row = await findVisibleQuestionnaire(tx, ctx, id);
    if (!row) throw notFound('questionnaire');
    const questionnaire = toQuestionnaire(row);
    await writeAuditEvent(tx, ctx, {
      entityType: 'feasibility_questionnaire',
      entityId: id,
      action: 'create',
      changes: diffChanges(null, questionnaire, questionnaireAuditIgnore),
    });
    return questionnaire;
  });
}
