import { answerEligibilityWrite } from '../modules/participants/answer-eligibility.js';
import { changeParticipantStatusWrite } from '../modules/participants/change-participant-status.js';
import { confirmEligibility } from '../modules/participants/confirm-eligibility.js';
import { createPrescreenCandidate } from '../modules/participants/create-prescreen-candidate.js';
import { findVisibleParticipant } from '../modules/participants/participant-access.repo.js';
import { recordConsentWrite } from '../modules/participants/record-consent.js';
import { screenParticipant } from '../modules/participants/screen-participant.js';
import { unsafeIcfInForceAt } from '../modules/protocols/in-force.js';
import { randomizeParticipant } from '../modules/randomization/randomize-participant.js';
import { completeVisitWrite } from '../modules/visits/complete-visit.js';
import { detectMissedVisits } from '../modules/visits/detect-missed-visits.js';
import { recordUnscheduledVisit } from '../modules/visits/record-unscheduled-visit.js';
import { listParticipantVisits } from '../modules/visits/visit.repo.js';
import { systemContext } from '../platform/context.js';
import type { RelativeDay } from './demo-dates.js';
import type { DemoSeed } from './demo-seed-context.js';
import { type DemoCohort, type DemoParticipant, demoCohorts, screeningDays } from './participant-portfolio.js';
import { consentLanguageOf } from './protocol-portfolio.js';
import type { SeededProtocol } from './seed-protocols.js';

/** The last day a demo fact may fall on (safeMarginDays): later visits stay planned. */
const lastFactDay = -2;

/** One thing that happened on a day; the demo replays them all in order, as the sites lived them. */
interface DemoEvent {
  day: RelativeDay;
  /** Within a day: the IRB approval before the consents of that day, then each participant's steps in order. */
  rank: number;
  run: () => Promise<void>;
}

/**
 * Replays the participants' histories through the use cases, in calendar order across sites,
 * each step as the person who did it on the day it happened: the coordinator logs candidates,
 * screens, records consent and visits; the investigator confirms eligibility with a signature.
 * A revised consent form approved mid-way opens re-consent tasks. At the end the missed-visit
 * check runs as `serve` runs it, marking the visits nobody came to.
 */
export async function seedParticipants(seed: DemoSeed, protocols: SeededProtocol[]): Promise<void> {
  const events: DemoEvent[] = [];
  for (const protocol of protocols) {
    const revised = protocol.demo.revisedIcf;
    if (revised && protocol.approveRevisedIcf) events.push({ day: revised.day, rank: 0, run: protocol.approveRevisedIcf });
  }
  for (const cohort of demoCohorts) {
    const protocol = protocols.find((p) => p.demo.study === cohort.study);
    if (!protocol) throw new Error(`demo seed: no protocol for ${cohort.study}`);
    events.push(...cohortEvents(seed, cohort, protocol));
  }
  events.sort((a, b) => a.day - b.day || a.rank - b.rank);
  for (const event of events) await event.run();
  const now = seed.system.now();
  await detectMissedVisits(
    seed.db,
    systemContext('missed-visit-check', () => now),
    now,
  );
}

function cohortEvents(seed: DemoSeed, cohort: DemoCohort, protocol: SeededProtocol): DemoEvent[] {
  const ids = { studyId: seed.study(cohort.study), studySiteId: seed.studySite(cohort.study, cohort.site) };
  const events: DemoEvent[] = [];
  for (const candidate of cohort.notScreened) {
    events.push({
      day: candidate.day,
      rank: 1,
      run: async () => {
        await createPrescreenCandidate(seed.db, await seed.asOn(cohort.coordinator, candidate.day), ids, {
          source: candidate.source,
          prescreenedOn: seed.day(candidate.day),
          outcome: candidate.outcome,
          outcomeReason: candidate.reason,
          identity: { fullName: candidate.name },
        });
      },
    });
  }
  cohort.participants.forEach((participant, index) => {
    events.push(...participantEvents(seed, cohort, protocol, ids, participant, index));
  });
  return events;
}

function participantEvents(
  seed: DemoSeed,
  cohort: DemoCohort,
  { protocol, demo }: SeededProtocol,
  ids: { studyId: string; studySiteId: string },
  plan: DemoParticipant,
  index: number,
): DemoEvent[] {
  const { db } = seed;
  const as = (day: RelativeDay) => seed.asOn(cohort.coordinator, day);
  const language = consentLanguageOf(cohort.site);
  const state = { candidateId: '', participantId: '' };
  const events: DemoEvent[] = [];
  // Ranks keep a participant's own steps of one day in order, after the day's approvals.
  let step = 0;
  const on = (day: RelativeDay, run: () => Promise<void>) => events.push({ day, rank: 1 + step++ / 1000, run });

  const consentDay = plan.consentDay;
  const prescreenDay = consentDay - 6 - (index % 5);
  on(prescreenDay, async () => {
    const candidate = await createPrescreenCandidate(db, await as(prescreenDay), ids, {
      source: plan.source,
      prescreenedOn: seed.day(prescreenDay),
      outcome: 'to_screen',
      identity: {
        fullName: plan.name,
        dateOfBirth: plan.dateOfBirth,
        phone: language === 'de-DE' ? `+49 89 5550 ${1000 + index * 37}` : `(312) 555-0${100 + index * 7}`,
      },
    });
    state.candidateId = candidate.id;
  });
  on(consentDay, async () => {
    const ctx = await as(consentDay);
    const screened = await screenParticipant(
      db,
      ctx,
      ids.studySiteId,
      { candidateId: state.candidateId, screenedOn: seed.day(consentDay), consentLanguage: language },
      ids.studyId,
    );
    state.participantId = screened.id;
    const [icf] = await unsafeIcfInForceAt(db, ids.studySiteId, seed.day(consentDay), language);
    if (!icf) throw new Error(`demo seed: no consent form in force at ${cohort.study}:${cohort.site} on ${seed.day(consentDay)}`);
    await recordConsentWrite(db, ctx, screened.id, {
      icfVersionId: icf.id,
      consentedAt: `${seed.day(consentDay)}T14:30:00Z`,
      obtainedByPersonId: seed.person(cohort.consenter),
    });
  });
  on(consentDay, () => complete('SCR', consentDay));

  if (plan.screening?.answered === false) return events;
  const answeredDay = Math.min(consentDay + screeningDays.answered, lastFactDay);
  on(answeredDay, async () => {
    await answerEligibilityWrite(db, await as(answeredDay), state.participantId, {
      answers: protocol.criteria.map((criterion) => {
        const failed = plan.screenFail?.criterion.kind === criterion.kind && plan.screenFail.criterion.number === criterion.number;
        // An inclusion is met; an exclusion is not, unless it is the one the participant failed on.
        const met = criterion.kind === 'inclusion' ? !failed : failed;
        return { criterionId: criterion.id, met, note: failed ? (plan.screenFail?.note ?? null) : null };
      }),
    });
  });
  if (plan.screenFail) {
    const { reason } = plan.screenFail;
    on(answeredDay, async () => {
      await changeParticipantStatusWrite(db, await as(answeredDay), state.participantId, await currentVersion(), {
        status: 'screen_failed',
        on: seed.day(answeredDay),
        reason,
      });
    });
    return events;
  }
  if (plan.screening) return events;

  const confirmedDay = Math.min(consentDay + screeningDays.confirmed, lastFactDay);
  on(confirmedDay, async () => {
    await confirmEligibility(
      db,
      await seed.asOn(cohort.investigator, confirmedDay),
      state.participantId,
      await currentVersion(),
      await seed.signingAs(cohort.investigator),
    );
  });
  const enrolledDay = Math.min(consentDay + screeningDays.randomized, lastFactDay);
  on(enrolledDay, async () => {
    await randomizeParticipant(db, await as(enrolledDay), state.participantId, {
      strata: strataOf(cohort, plan, index, seed.day(consentDay)),
      enrolledOn: seed.day(enrolledDay),
    });
  });

  const withdrawalDay = plan.withdrawal ? enrolledDay + plan.withdrawal.afterDays : undefined;
  const withdrawnBefore = (day: RelativeDay, kind: string) =>
    withdrawalDay !== undefined && day >= withdrawalDay && (plan.withdrawal?.scope === 'study' || kind === 'treatment');
  for (const definition of protocol.visits) {
    if (definition.anchor === 'consent' || definition.targetDay === null || plan.missed?.includes(definition.code)) continue;
    // Baseline is done on the day of randomization, so every later visit counts from it.
    const target = enrolledDay + definition.targetDay;
    const windowEnd = target + definition.windowAfterDays;
    const late = plan.late?.[definition.code];
    const onTime = target - ((index + definition.sequence) % 2 === 0 || definition.windowBeforeDays === 0 ? 0 : 1);
    const day = late !== undefined && windowEnd + late <= lastFactDay ? windowEnd + late : onTime;
    if (day > lastFactDay || withdrawnBefore(day, definition.kind)) continue;
    on(day, () => complete(definition.code, day));
  }
  if (plan.unscheduledAfter !== undefined) {
    const day = enrolledDay + plan.unscheduledAfter;
    if (day <= lastFactDay) {
      on(day, async () => {
        await recordUnscheduledVisit(db, await as(day), state.participantId, {
          code: 'UNS',
          actualDate: seed.day(day),
          procedures: [
            { code: 'VS', done: true },
            { code: 'AE', done: true },
          ],
          notes: 'Came in for a flare at the elbows; reviewed, no change to study treatment.',
        });
      });
    }
  }
  if (plan.reconsented) {
    const revised = demo.revisedIcf?.site === cohort.site ? demo.revisedIcf.day : undefined;
    if (revised !== undefined) {
      on(revised + 2, async () => {
        const [icf] = await unsafeIcfInForceAt(db, ids.studySiteId, seed.day(revised + 2), language);
        await recordConsentWrite(db, await as(revised + 2), state.participantId, {
          icfVersionId: icf?.id as string,
          consentedAt: `${seed.day(revised + 2)}T14:30:00Z`,
          obtainedByPersonId: seed.person(cohort.consenter),
        });
      });
    }
  }
  if (plan.withdrawal && withdrawalDay !== undefined && withdrawalDay <= lastFactDay) {
    const { scope, reason } = plan.withdrawal;
    on(withdrawalDay, async () => {
      await changeParticipantStatusWrite(db, await as(withdrawalDay), state.participantId, await currentVersion(), {
        status: 'withdrawn',
        scope,
        on: seed.day(withdrawalDay),
        reason,
      });
    });
  }
  return events;

  /** The participant's version now, for a change that must name it (If-Match, as a user's request does). */
  async function currentVersion(): Promise<number> {
    const visible = await findVisibleParticipant(db, seed.system, state.participantId);
    if (!visible) throw new Error(`demo seed: no participant ${plan.name}`);
    return visible.participant.version;
  }

  /** Completes the participant's planned visit of this code on the day, every procedure done. */
  async function complete(code: string, day: RelativeDay): Promise<void> {
    const visits = await listParticipantVisits(db, seed.system, state.participantId);
    const visit = visits.find((v) => v.code === code && v.status === 'scheduled');
    if (!visit) throw new Error(`demo seed: ${plan.name} has no planned visit ${code} on ${seed.day(day)}`);
    const definition = protocol.visits.find((v) => v.code === code);
    await completeVisitWrite(db, await as(day), visit.id, visit.version, {
      actualDate: seed.day(day),
      procedures: (definition?.procedures ?? []).map((procedure) => ({ code: procedure.code, done: true })),
    });
  }
}

/** Stratification as the site reads it at randomization: age at consent; the rest from the history. */
function strataOf(cohort: DemoCohort, plan: DemoParticipant, index: number, consentedOn: string): Record<string, string> {
  if (cohort.study === 'hlx301') return { RAS: index % 2 === 0 ? 'WT' : 'MUT' };
  const age =
    Number(consentedOn.slice(0, 4)) - Number(plan.dateOfBirth.slice(0, 4)) - (consentedOn.slice(5) < plan.dateOfBirth.slice(5) ? 1 : 0);
  return { AGE: age >= 65 ? 'GE65' : 'LT65', BIO: index % 3 === 1 ? 'EXPOSED' : 'NAIVE' };
}
