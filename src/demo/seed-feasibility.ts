import { createQuestionnaire } from '../modules/feasibility/create-questionnaire.js';
import { findVisibleInvitation } from '../modules/feasibility/invitation.repo.js';
import { saveAnswers, submitAnswers } from '../modules/feasibility/save-answers.js';
import { sendQuestionnaire } from '../modules/feasibility/send-questionnaire.js';
import type { DemoSeed } from './demo-seed-context.js';
import { demoFeasibilityAnswers, demoFeasibilitySites, demoQuestionnaire } from './feasibility-portfolio.js';

/** The sponsor writes and sends the questionnaire; a site answers and submits through its own user. */
export async function seedFeasibility(seed: DemoSeed): Promise<void> {
  const sponsor = await seed.as(demoQuestionnaire.sentBy);
  const study = demoQuestionnaire.study;
  const questionnaire = await createQuestionnaire(seed.db, sponsor, seed.study(study), {
    title: demoQuestionnaire.title,
    questions: demoQuestionnaire.questions,
  });
  const invitations = await sendQuestionnaire(
    seed.db,
    sponsor,
    questionnaire.id,
    questionnaire.version,
    demoFeasibilitySites.map((site) => seed.studySite(study, site)),
  );
  for (const response of demoFeasibilityAnswers) {
    const invitation = invitations.find((i) => i.studySiteId === seed.studySite(study, response.site));
    if (!invitation) throw new Error(`demo seed: no invitation for ${response.site}`);
    const site = await seed.as(response.answeredBy);
    const answers = Object.fromEntries(questionnaire.questions.map((q, index) => [q.id, response.answers[index] ?? null]));
    await saveAnswers(seed.db, site, invitation.id, await responseVersion(seed, invitation.id), answers);
    await submitAnswers(seed.db, site, invitation.id, await responseVersion(seed, invitation.id));
  }
}

async function responseVersion(seed: DemoSeed, invitationId: string): Promise<number> {
  const invitation = await findVisibleInvitation(seed.db, seed.system, invitationId);
  if (!invitation) throw new Error(`demo seed: no invitation ${invitationId}`);
  return invitation.response_version;
}
