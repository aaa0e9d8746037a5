import { type Insertable, type Kysely, sql } from 'kysely';
import { scopeIds } from '../../platform/auth/authorize.js';
import { visibleStudySites } from '../../platform/auth/scope-filters.repo.js';
import type { RequestContext } from '../../platform/context.js';
import { keysetPage } from '../../platform/db/keyset-page.js';
import { containing } from '../../platform/db/like.js';
import type { DB } from '../../platform/db/schema.js';
import type { IdentityRow, PrescreenCandidateRow, PrescreenCandidatesTable } from '../../platform/db/schema-participants.js';
import { iso } from '../../platform/db/timestamps.js';
import { AppError, notFound } from '../../platform/errors.js';
import { decodeCursor, type Page, toPage } from '../../platform/http/pagination.js';
import { findStudyForProtocols } from '../protocols/protocol.repo.js';
import type { StudySiteJoined } from '../study-sites/study-site.repo.js';
import { toIdentity } from './identity.js';
import { canIdentify, findStudySiteForParticipants } from './participant-access.repo.js';
import type { Candidate, ListCandidatesQuery, PrescreenSummary } from './prescreen.schemas.js';

/** A candidate as the API shows it; `identity` only when the caller may identify (else absent). */
export function toCandidate(
  row: PrescreenCandidateRow & { participant_id: string | null; participant_subject_number?: string | null },
  identity: IdentityRow | null | undefined,
  mayIdentify: boolean,
): Candidate {
  return {
    id: row.id,
    studyId: row.study_id,
    studySiteId: row.study_site_id,
    source: row.source as Candidate['source'],
    prescreenedOn: row.prescreened_on,
    outcome: row.outcome as Candidate['outcome'],
    outcomeReason: row.outcome_reason,
    participantId: row.participant_id,
    participantSubjectNumber: row.participant_subject_number ?? null,
    ...(mayIdentify ? { identity: identity ? toIdentity(identity) : null } : {}),
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function selectCandidates(db: Kysely<DB>) {
  return db
    .selectFrom('prescreen_candidates')
    .leftJoin('participants', 'participants.candidate_id', 'prescreen_candidates.id')
    .selectAll('prescreen_candidates')
    .select(['participants.id as participant_id', 'participants.subject_number as participant_subject_number']);
}

/** A candidate (with the participant it became) and its study-site, when the caller may read that study-site's participants (else undefined: 404). */
export async function findVisibleCandidate(
  db: Kysely<DB>,
  ctx: RequestContext,
  id: string,
): Promise<
  | {
      candidate: PrescreenCandidateRow & { participant_id: string | null; participant_subject_number: string | null };
      studySite: StudySiteJoined;
    }
  | undefined
> {
  const candidate = await selectCandidates(db).where('prescreen_candidates.id', '=', id).executeTakeFirst();
  const studySite = candidate && (await findStudySiteForParticipants(db, ctx, candidate.study_site_id));
  return candidate && studySite ? { candidate, studySite } : undefined;
}

export async function insertCandidate(tx: Kysely<DB>, values: Insertable<PrescreenCandidatesTable>): Promise<string> {
  const { id } = await tx.insertInto('prescreen_candidates').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** A candidate of this study-site, locked for the screening that takes it (else undefined). */
export function lockCandidateAtStudySite(tx: Kysely<DB>, studySiteId: string, candidateId: string) {
  return tx
    .selectFrom('prescreen_candidates')
    .selectAll()
    .where('id', '=', candidateId)
    .where('study_site_id', '=', studySiteId)
    .forUpdate()
    .executeTakeFirst();
}

async function identitiesOf(db: Kysely<DB>, ids: (string | null)[]): Promise<Map<string, IdentityRow>> {
  const wanted = ids.filter((i): i is string => i !== null);
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('identities').selectAll().where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * One study-site's log, newest first by default: 404 unless the caller reads the study-site's
 * participants; identities, and searching by name, only where the caller may identify.
 */
export async function listCandidates(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { studyId: string; studySiteId: string },
  query: ListCandidatesQuery,
): Promise<Page<Candidate>> {
  const studySite = await findStudySiteForParticipants(db, ctx, ids.studySiteId, ids.studyId);
  if (!studySite) throw notFound('study-site');
  const studySiteId = studySite.id;
  const mayIdentify = canIdentify(ctx, studySite);
  if (query.q && !mayIdentify) {
    const detail = 'Searching candidates by name is for site roles only.';
    throw new AppError(403, 'Forbidden', detail, [{ pointer: 'querystring:/q', detail }]);
  }
  let q = selectCandidates(db).where('prescreen_candidates.study_site_id', '=', studySiteId);
  if (query.outcome) q = q.where('prescreen_candidates.outcome', '=', query.outcome);
  if (query.source) q = q.where('prescreen_candidates.source', '=', query.source);
  if (query.q && mayIdentify) {
    const pattern = containing(query.q);
    q = q.where('prescreen_candidates.identity_id', 'in', (eb) =>
      eb.selectFrom('identities').select('id').where('study_site_id', '=', studySiteId).where('full_name', 'ilike', pattern),
    );
  }
  const rows = await keysetPage(
    q,
    sql`prescreen_candidates.prescreened_on`,
    sql`prescreen_candidates.id`,
    query.order,
    decodeCursor(query.cursor, 'date'),
    query.limit,
  ).execute();
  const identities = mayIdentify
    ? await identitiesOf(
        db,
        rows.map((r) => r.identity_id),
      )
    : new Map();
  return toPage(rows, query.limit, (row) => toCandidate(row, row.identity_id ? identities.get(row.identity_id) : null, mayIdentify));
}

/**
 * For sponsors and CROs: how many candidates each visible site logged, from which sources,
 * with which outcomes and the reasons given; counted in SQL, never a person or an identity id.
 */
export async function summarizePrescreening(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<PrescreenSummary> {
  if (!(await findStudyForProtocols(db, ctx, studyId))) throw notFound('study');
  const base = db
    .selectFrom('prescreen_candidates')
    .innerJoin('study_sites', 'study_sites.id', 'prescreen_candidates.study_site_id')
    .innerJoin('studies', 'studies.id', 'study_sites.study_id')
    .innerJoin('sites', 'sites.id', 'study_sites.site_id')
    .where('prescreen_candidates.study_id', '=', studyId)
    .where(visibleStudySites(scopeIds(ctx.actor, 'participant.read')));
  const count = sql<string>`count(*)`.as('count');
  const [bySite, bySource, byOutcome, reasons] = await Promise.all([
    base
      .select(['study_sites.id', 'study_sites.site_number', 'sites.name', count])
      .groupBy(['study_sites.id', 'study_sites.site_number', 'sites.name'])
      .orderBy('study_sites.site_number')
      .execute(),
    base
      .select(['prescreen_candidates.source', count])
      .groupBy('prescreen_candidates.source')
      .orderBy('prescreen_candidates.source')
      .execute(),
    base
      .select(['prescreen_candidates.outcome', count])
      .groupBy('prescreen_candidates.outcome')
      .orderBy('prescreen_candidates.outcome')
      .execute(),
    base
      .select(['prescreen_candidates.outcome', 'prescreen_candidates.outcome_reason', count])
      .where('prescreen_candidates.outcome_reason', 'is not', null)
      .groupBy(['prescreen_candidates.outcome', 'prescreen_candidates.outcome_reason'])
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('prescreen_candidates.outcome_reason')
      .execute(),
  ]);
  return {
    total: bySite.reduce((sum, r) => sum + Number(r.count), 0),
    bySite: bySite.map((r) => ({ studySiteId: r.id, siteNumber: r.site_number, siteName: r.name, count: Number(r.count) })),
    bySource: bySource.map((r) => ({ source: r.source as Candidate['source'], count: Number(r.count) })),
    byOutcome: byOutcome.map((r) => ({ outcome: r.outcome as Candidate['outcome'], count: Number(r.count) })),
    reasons: reasons.map((r) => ({ outcome: r.outcome as Candidate['outcome'], reason: r.outcome_reason ?? '', count: Number(r.count) })),
  };
}
