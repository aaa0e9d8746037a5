import { type Kysely, sql } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import { localDate } from '../../platform/dates.js';
import { keysetPage } from '../../platform/db/keyset-page.js';
import { containing } from '../../platform/db/like.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantRow } from '../../platform/db/schema-participants.js';
import { iso } from '../../platform/db/timestamps.js';
import { notFound } from '../../platform/errors.js';
import { decodeCursor, type Page, toPage } from '../../platform/http/pagination.js';
import { protocolInForceAt } from '../protocols/in-force.js';
import { armShownTo } from '../randomization/arm-shown-to.js';
import { toStudySite } from '../study-sites/study-site.repo.js';
import { toIdentity } from './identity.js';
import type { ListParticipantsQuery, Participant, ParticipantPage, ParticipantStatus } from './participant.schemas.js';
import { canIdentify, findVisibleParticipant, studySiteIdIn, type VisibleParticipant } from './participant-access.js';
import { siteTimeZone } from './participant-rows.js';

/** A participant as the API shows it: pseudonymous; `fullName` only when the caller may identify. */
export function toParticipant(row: ParticipantRow, siteNumber: string, fullName?: string | null): Participant {
  return {
    id: row.id,
    studyId: row.study_id,
    studySiteId: row.study_site_id,
    siteNumber,
    subjectNumber: row.subject_number,
    status: row.status as ParticipantStatus,
    candidateId: row.candidate_id,
    coordinatorUserId: row.coordinator_user_id,
    consentLanguage: row.consent_language,
    screenedOn: row.screened_on,
    consentedOn: row.consented_on,
    screenFailedOn: row.screen_failed_on,
    screenFailReason: row.screen_fail_reason,
    eligibilityConfirmedAt: row.eligibility_confirmed_at ? iso(row.eligibility_confirmed_at) : null,
    eligibilityConfirmedByUserId: row.eligibility_confirmed_by_user_id,
    randomizationNumber: row.randomization_number,
    enrolledOn: row.enrolled_on,
    completedOn: row.completed_on,
    withdrawnOn: row.withdrawn_on,
    withdrawalScope: row.withdrawal_scope as Participant['withdrawalScope'],
    withdrawalReason: row.withdrawal_reason,
    lostOn: row.lost_on,
    ...(fullName ? { fullName } : {}),
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

const sortExpressions = {
  subjectNumber: sql`participants.subject_number`,
  screenedOn: sql`participants.screened_on`,
  status: sql`participants.status`,
};

/**
 * Participants at the study-sites where the caller holds participant.read. A name is read, and
 * matched by `q`, only at study-sites where the caller holds participant.identify.
 */
export async function listParticipants(db: Kysely<DB>, ctx: RequestContext, query: ListParticipantsQuery): Promise<Page<Participant>> {
  const mayIdentify = studySiteIdIn(ctx, 'participants.study_site_id', 'participant.identify');
  let q = db
    .selectFrom('participants')
    .innerJoin('study_sites', 'study_sites.id', 'participants.study_site_id')
    .leftJoin('identities', 'identities.id', 'participants.identity_id')
    .selectAll('participants')
    .select(['study_sites.site_number', sql<string | null>`case when ${mayIdentify} then identities.full_name end`.as('full_name')])
    .where(studySiteIdIn(ctx, 'participants.study_site_id'));
  if (query.studyId) q = q.where('participants.study_id', '=', query.studyId);
  if (query.studySiteId) q = q.where('participants.study_site_id', '=', query.studySiteId);
  if (query.status) q = q.where('participants.status', '=', query.status);
  if (query.q) {
    const pattern = containing(query.q);
    q = q.where((eb) =>
      eb.or([eb('participants.subject_number', 'ilike', pattern), eb.and([eb('identities.full_name', 'ilike', pattern), mayIdentify])]),
    );
  }
  const rows = await keysetPage(
    q,
    sortExpressions[query.sort],
    sql`participants.id`,
    query.order,
    decodeCursor(query.cursor, query.sort === 'screenedOn' ? 'date' : 'text'),
    query.limit,
  ).execute();
  return toPage(rows, query.limit, (row) => toParticipant(row, row.site_number, row.full_name));
}

/** The page a write answers with, read again after the write as the caller may now see it. */
export async function loadParticipantPageAfterWrite(db: Kysely<DB>, ctx: RequestContext, participantId: string): Promise<ParticipantPage> {
  const refreshed = await findVisibleParticipant(db, ctx, participantId);
  if (!refreshed) throw notFound('participant');
  return loadParticipantPage(db, ctx, refreshed);
}

/** Everything the participant page shows, each part as the caller may see it. */
export async function loadParticipantPage(db: Kysely<DB>, ctx: RequestContext, visible: VisibleParticipant): Promise<ParticipantPage> {
  const { participant, studySite } = visible;
  const identityRow =
    participant.identity_id && canIdentify(ctx, studySite)
      ? await db.selectFrom('identities').selectAll().where('id', '=', participant.identity_id).executeTakeFirst()
      : undefined;
  const consents = await db
    .selectFrom('consents as c')
    .innerJoin('icf_versions as icf', 'icf.id', 'c.icf_version_id')
    .innerJoin('people as p', 'p.id', 'c.obtained_by_person_id')
    .selectAll('c')
    .select(['icf.version_label', 'icf.language', 'p.full_name as obtained_by_name'])
    .where('c.participant_id', '=', participant.id)
    .orderBy('c.consented_at')
    .execute();
  const tasks = await db
    .selectFrom('reconsent_tasks as t')
    .innerJoin('icf_versions as icf', 'icf.id', 't.icf_version_id')
    .selectAll('t')
    .select('icf.version_label')
    .where('t.participant_id', '=', participant.id)
    .orderBy('t.due_from')
    .execute();
  const today = localDate(ctx.now(), await siteTimeZone(db, studySite.id));
  const protocol = await protocolInForceAt(db, studySite.id, today);
  const answers = await db.selectFrom('eligibility_answers').selectAll().where('participant_id', '=', participant.id).execute();
  const answerOf = new Map(answers.map((a) => [a.criterion_id, a]));
  const randomized = participant.randomization_number !== null || participant.enrolled_on !== null;
  return {
    participant: toParticipant(participant, studySite.site_number, identityRow?.full_name),
    studySite: toStudySite(studySite),
    ...(identityRow ? { identity: toIdentity(identityRow) } : {}),
    consents: consents.map((c) => ({
      id: c.id,
      kind: c.kind as 'initial' | 're_consent',
      icfVersionId: c.icf_version_id,
      icfVersionLabel: c.version_label,
      language: c.language,
      consentedAt: iso(c.consented_at),
      consentedOn: c.consented_on,
      obtainedByPersonId: c.obtained_by_person_id,
      obtainedByName: c.obtained_by_name,
      recordedByUserId: c.recorded_by_user_id,
    })),
    reconsentTasks: tasks.map((t) => ({
      id: t.id,
      icfVersionId: t.icf_version_id,
      icfVersionLabel: t.version_label,
      dueFrom: t.due_from,
      status: t.status as 'open' | 'done' | 'cancelled',
      consentId: t.consent_id,
      closedAt: t.closed_at ? iso(t.closed_at) : null,
    })),
    eligibility: {
      protocolVersionId: protocol?.id ?? null,
      criteria: (protocol?.criteria ?? []).map((criterion) => {
        const answer = answerOf.get(criterion.id);
        return {
          criterionId: criterion.id,
          kind: criterion.kind,
          number: criterion.number,
          text: criterion.text,
          met: answer?.met ?? null,
          note: answer?.note ?? null,
          answeredAt: answer ? iso(answer.answered_at) : null,
          answeredByUserId: answer?.answered_by_user_id ?? null,
        };
      }),
      confirmedAt: participant.eligibility_confirmed_at ? iso(participant.eligibility_confirmed_at) : null,
      confirmedByUserId: participant.eligibility_confirmed_by_user_id,
    },
    randomization: randomized
      ? { number: participant.randomization_number, enrolledOn: participant.enrolled_on, arm: await armShownTo(db, ctx, visible) }
      : null,
  };
}
