import { type Insertable, type Kysely, sql } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import { keysetPage } from '../../platform/db/keyset-page.js';
import { containing, containsText, indexSearchable } from '../../platform/db/like.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantRow, ParticipantsTable } from '../../platform/db/schema-participants.js';
import { iso } from '../../platform/db/timestamps.js';
import { notFound } from '../../platform/errors.js';
import { decodeCursor, type Page, toPage } from '../../platform/http/pagination.js';
import { unsafeProtocolInForceAt } from '../protocols/in-force.js';
import { studySiteToday, toStudySite } from '../study-sites/study-site.repo.js';
import { armShownTo } from './blinding.repo.js';
import { listConsents, listReconsentTasks } from './consent.repo.js';
import { listEligibilityAnswers } from './eligibility.repo.js';
import { toIdentity } from './identity.js';
import { findIdentity } from './identity.repo.js';
import type { ListParticipantsQuery, Participant, ParticipantListItem, ParticipantPage, ParticipantStatus } from './participant.schemas.js';
import { findVisibleParticipant, studySiteIdIn, type VisibleParticipant } from './participant-access.repo.js';

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
export async function listParticipants(
  db: Kysely<DB>,
  ctx: RequestContext,
  query: ListParticipantsQuery,
): Promise<Page<ParticipantListItem>> {
  const mayIdentify = studySiteIdIn(ctx, 'participants.study_site_id', 'participant.identify');
  let q = db
    .selectFrom('participants')
    .innerJoin('study_sites', 'study_sites.id', 'participants.study_site_id')
    .leftJoin('identities', 'identities.id', 'participants.identity_id')
    // The next visit still scheduled: one index probe per listed row (participant_id), not a scan.
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('participant_visits as pv')
          .select(['pv.id', 'pv.code', 'pv.name', 'pv.target_date', 'pv.window_start', 'pv.window_end'])
          .whereRef('pv.participant_id', '=', 'participants.id')
          .where('pv.status', '=', 'scheduled')
          .where('pv.target_date', 'is not', null)
          .orderBy('pv.target_date')
          .orderBy('pv.id')
          .limit(1)
          .as('next_visit'),
      (join) => join.onTrue(),
    )
    .selectAll('participants')
    .select([
      'study_sites.site_number',
      sql<string | null>`case when ${mayIdentify} then identities.full_name end`.as('full_name'),
      'next_visit.id as next_visit_id',
      'next_visit.code as next_visit_code',
      'next_visit.name as next_visit_name',
      'next_visit.target_date as next_visit_target_date',
      'next_visit.window_start as next_visit_window_start',
      'next_visit.window_end as next_visit_window_end',
    ])
    .where(studySiteIdIn(ctx, 'participants.study_site_id'));
  if (query.studyId) q = q.where('participants.study_id', '=', query.studyId);
  if (query.studySiteId) q = q.where('participants.study_site_id', '=', query.studySiteId);
  if (query.status) q = q.where('participants.status', '=', query.status);
  if (query.q) {
    const pattern = containing(query.q);
    // Match first, through the search indexes (containsText: trigrams, or bigrams for two
    // letters): the subject numbers and the names that contain the text, then the rule below on
    // those rows alone.
    if (indexSearchable(query.q)) {
      q = q.where(sql<boolean>`participants.id in (
        select p.id from participants p where ${containsText('p.subject_number', query.q)}
        union all
        select p.id from participants p where p.identity_id in (select id from identities where ${containsText('identities.full_name', query.q)}))`);
    }
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
  return toPage(rows, query.limit, (row) => ({
    ...toParticipant(row, row.site_number, row.full_name),
    nextVisit:
      row.next_visit_id && row.next_visit_target_date
        ? {
            id: row.next_visit_id,
            code: row.next_visit_code ?? '',
            name: row.next_visit_name ?? '',
            targetDate: row.next_visit_target_date,
            windowStart: row.next_visit_window_start,
            windowEnd: row.next_visit_window_end,
          }
        : null,
  }));
}

/** The page a write answers with, read again after the write as the caller may now see it. */
export async function loadParticipantPageAfterWrite(db: Kysely<DB>, ctx: RequestContext, participantId: string): Promise<ParticipantPage> {
  const refreshed = await findVisibleParticipant(db, ctx, participantId);
  if (!refreshed) throw notFound('participant');
  return loadParticipantPage(db, ctx, refreshed);
}

/** The participant page of `participantId` as the caller may see it; 404 outside their study-sites. */
export async function getParticipantPage(db: Kysely<DB>, ctx: RequestContext, participantId: string): Promise<ParticipantPage> {
  const visible = await findVisibleParticipant(db, ctx, participantId);
  if (!visible) throw notFound('participant');
  return loadParticipantPage(db, ctx, visible);
}

/** Everything the participant page shows, each part as the caller may see it. */
export async function loadParticipantPage(db: Kysely<DB>, ctx: RequestContext, visible: VisibleParticipant): Promise<ParticipantPage> {
  const { participant, studySite } = visible;
  const identityRow = participant.identity_id ? await findIdentity(db, ctx, studySite, participant.identity_id) : undefined;
  const consents = await listConsents(db, visible);
  const tasks = await listReconsentTasks(db, visible);
  const protocol = await unsafeProtocolInForceAt(db, studySite.id, studySiteToday(studySite, ctx.now()));
  const answers = await listEligibilityAnswers(db, visible);
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

/**
 * A new participant row. Only this module writes participants: screening (screen-participant.ts)
 * and the import of a study-site's records (imported-participant.ts) create them.
 */
export function insertParticipant(tx: Kysely<DB>, values: Insertable<ParticipantsTable>): Promise<ParticipantRow> {
  return tx.insertInto('participants').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Subject numbers of `studyId` among those given that are taken already. */
export async function takenSubjectNumbers(db: Kysely<DB>, studyId: string, subjectNumbers: string[]): Promise<Set<string>> {
  if (subjectNumbers.length === 0) return new Set();
  const rows = await db
    .selectFrom('participants')
    .select('subject_number')
    .where('study_id', '=', studyId)
    .where('subject_number', 'in', subjectNumbers)
    .execute();
  return new Set(rows.map((r) => r.subject_number));
}

/** Randomization numbers of `studyId` among those given that are taken already. */
export async function takenRandomizationNumbers(db: Kysely<DB>, studyId: string, numbers: string[]): Promise<Set<string>> {
  if (numbers.length === 0) return new Set();
  const rows = await db
    .selectFrom('participants')
    .select('randomization_number')
    .where('study_id', '=', studyId)
    .where('randomization_number', 'in', numbers)
    .execute();
  return new Set(rows.flatMap((r) => (r.randomization_number ? [r.randomization_number] : [])));
}

/** The participants of a study-site who consented, locked for a re-plan of their visits, by subject number. */
export function lockConsentedParticipantsAt(tx: Kysely<DB>, studySiteId: string): Promise<ParticipantRow[]> {
  return tx
    .selectFrom('participants')
    .selectAll()
    .where('study_site_id', '=', studySiteId)
    .where('consented_on', 'is not', null)
    .orderBy('subject_number')
    .forUpdate()
    .execute();
}

/**
 * A participant's row read without a context: only for a write in progress on a participant the
 * writer reached through participant-access.repo.ts in the same transaction (visit planning).
 */
export function unsafeFindParticipantRow(tx: Kysely<DB>, participantId: string): Promise<ParticipantRow> {
  return tx.selectFrom('participants').selectAll().where('id', '=', participantId).executeTakeFirstOrThrow();
}
