import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { invalidField } from '../../platform/errors.js';
import { combineScores, scoreAnswers, scoringMethod } from './feasibility-scoring.js';
import { listSubmittedInvitations } from './invitation.repo.js';
import type { ShortlistEntry } from './invitation.schemas.js';
import { findVisibleQuestionnaire, requireStudyAtStudyLevel } from './questionnaire.repo.js';
import type { Question } from './questionnaire.schemas.js';
import { siteHistories } from './site-history.js';
import type { Answers } from './validate-answers.js';

/**
 * The ranked short-list of one questionnaire: its submitted invitations by final score, ties
 * by the earlier submission (then by id, so the order never depends on the plan). Scores are
 * computed when asked, from the frozen questions, the submitted answers and the site's history
 * as it stands now; see feasibility-scoring.ts for the method.
 */
export async function buildShortlist(db: Kysely<DB>, ctx: RequestContext, studyId: string, questionnaireId: string) {
  await requireStudyAtStudyLevel(db, ctx, studyId, 'feasibility.read');
  const questionnaire = await findVisibleQuestionnaire(db, ctx, questionnaireId);
  if (!questionnaire || questionnaire.study_id !== studyId) {
    throw invalidField('querystring:/questionnaireId', 'No such questionnaire in this study.');
  }
  const questions = questionnaire.questions as Question[];
  const rows = await listSubmittedInvitations(db, ctx, questionnaireId);
  const histories = await siteHistories(
    db,
    rows.map((row) => ({ siteId: row.site_id, studySiteId: row.study_site_id })),
  );
  const entries = rows.map((row) => {
    const answers = scoreAnswers(questions, row.answers as Answers);
    const history = histories.get(row.study_site_id) ?? [];
    return {
      row,
      entry: {
        rank: 0,
        invitationId: row.id,
        studySiteId: row.study_site_id,
        siteId: row.site_id,
        siteName: row.site_name,
        siteNumber: row.site_number,
        studySiteStatus: row.study_site_status as ShortlistEntry['studySiteStatus'],
        submittedAt: iso(row.submitted_at ?? row.created_at),
        decision: row.decision as ShortlistEntry['decision'],
        score: combineScores(answers.score, history),
        questionPoints: answers.questions,
        history,
      } satisfies ShortlistEntry,
    };
  });
  entries.sort(
    (a, b) =>
      b.entry.score.final - a.entry.score.final ||
      new Date(a.row.submitted_at ?? 0).getTime() - new Date(b.row.submitted_at ?? 0).getTime() ||
      a.row.id.localeCompare(b.row.id),
  );
  return {
    questionnaireId,
    method: scoringMethod,
    items: entries.map(({ entry }, index) => ({ ...entry, rank: index + 1 })),
  };
}
