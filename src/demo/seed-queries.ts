import { raiseDataQuery } from '../modules/data-queries/raise-data-query.js';
import { stepDataQuery } from '../modules/data-queries/step-data-query.js';
import { listParticipants } from '../modules/participants/participant.repo.js';
import type { RelativeDay } from './demo-dates.js';
import type { DemoSeed } from './demo-seed-context.js';
import { demoCohorts } from './participant-portfolio.js';

const monitor = 'cra@demo.trialdesk.dev';

/** What a monitor asks after a visit, and where each conversation stands today. */
const conversations: { question: string; raisedDay: RelativeDay; dueIn: number; answer?: string; close?: string }[] = [
  {
    question: 'Weight at the last visit is 12 kg below baseline: please confirm against the source worksheet.',
    raisedDay: -9,
    dueIn: 7,
  },
  {
    question: 'The concomitant medication started after the visit day recorded: please check the start date.',
    raisedDay: -6,
    dueIn: 10,
    answer: 'The start date was mistyped; corrected from the pharmacy record.',
  },
  {
    question: 'Visit day on the source worksheet differs from the day recorded: which is right?',
    raisedDay: -20,
    dueIn: 7,
    answer: 'The worksheet is right; the recorded day is corrected.',
    close: 'Confirmed at the monitoring visit.',
  },
];

/**
 * The monitor's data queries on the first participants of each cohort the monitor follows, as
 * the monitor and the site's coordinator had them: one open, one answered, one closed.
 */
export async function seedQueries(seed: DemoSeed): Promise<void> {
  const cra = await seed.as(monitor);
  for (const cohort of demoCohorts) {
    const studySiteId = seed.studySite(cohort.study, cohort.site);
    const participants = await listParticipants(seed.db, cra, { studySiteId, limit: 3, sort: 'subjectNumber', order: 'asc' });
    for (const [index, participant] of participants.items.entries()) {
      const plan = conversations[index];
      if (!plan) break;
      const raised = await raiseDataQuery(seed.db, await seed.asOn(monitor, plan.raisedDay), participant.id, {
        text: plan.question,
        dueOn: seed.day(plan.raisedDay + plan.dueIn),
      });
      let version = raised.version;
      if (plan.answer) {
        const answered = await stepDataQuery(seed.db, await seed.asOn(cohort.coordinator, plan.raisedDay + 2), raised.id, version, {
          action: 'answer',
          text: plan.answer,
        });
        version = answered.version;
      }
      if (plan.close)
        await stepDataQuery(seed.db, await seed.asOn(monitor, plan.raisedDay + 4), raised.id, version, {
          action: 'close',
          text: plan.close,
        });
    }
  }
}
