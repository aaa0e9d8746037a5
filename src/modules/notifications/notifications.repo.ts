import { type Kysely, sql } from 'kysely';
import { scopeIds } from '../../platform/auth/authorize.js';
import { visibleStudies } from '../../platform/auth/scope-filters.repo.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { visibleDocuments } from '../documents/document.repo.js';
import { visiblePeople } from '../people/person.repo.js';

/** The days judged: expired since `from` (inclusive), or expiring by `to` (inclusive); `asOf` splits them. */
export interface ExpiryWindow {
  asOf: string;
  from: string;
  to: string;
  limit: number;
}

/**
 * Both totals ride on every row as window aggregates, computed over all matches before the
 * limit: one set-wise query answers the list and the bell's counts.
 */
const totals = (column: string, asOf: string) => [
  sql<string | number>`count(*) filter (where ${sql.ref(column)} < ${asOf}) over ()`.as('total_expired'),
  sql<string | number>`count(*) filter (where ${sql.ref(column)} >= ${asOf}) over ()`.as('total_expiring'),
];

/**
 * Approved documents whose approved version runs out in the window. The `approved_*` columns
 * hold the newest approved version, so a lapsed version already replaced is never reported.
 */
export function expiringDocuments(db: Kysely<DB>, ctx: RequestContext, window: ExpiryWindow) {
  return db
    .selectFrom('documents')
    .innerJoin('studies as doc_study', 'doc_study.id', 'documents.study_id')
    .leftJoin('sites as doc_site', 'doc_site.id', 'documents.site_id')
    .leftJoin('people', 'people.id', 'documents.person_id')
    .select([
      'documents.id',
      'documents.title',
      'documents.artifact_number',
      'documents.study_id',
      'doc_study.short_name as study_short_name',
      'documents.site_id',
      'doc_site.name as site_name',
      'documents.person_id',
      'people.full_name as person_name',
      'documents.approved_expiry_date as expires_on',
      ...totals('documents.approved_expiry_date', window.asOf),
    ])
    .where('documents.approved_expiry_date', '>=', window.from)
    .where('documents.approved_expiry_date', '<=', window.to)
    .where(visibleDocuments(ctx))
    .orderBy('documents.approved_expiry_date')
    .orderBy('documents.id')
    .limit(window.limit)
    .execute();
}

/**
 * Current (not removed) training records of the people the caller may read training of. The
 * study of protocol training is named only when the caller sees that study.
 */
export function expiringTraining(db: Kysely<DB>, ctx: RequestContext, window: ExpiryWindow) {
  return db
    .selectFrom('training_records')
    .innerJoin('people', 'people.id', 'training_records.person_id')
    .leftJoin('studies', (join) =>
      join.onRef('studies.id', '=', 'training_records.study_id').on(visibleStudies(scopeIds(ctx.actor, 'study.read'))),
    )
    .select([
      'training_records.id',
      'training_records.title',
      'training_records.study_id',
      'studies.short_name as study_short_name',
      'training_records.person_id',
      'people.full_name as person_name',
      'training_records.expires_on',
      ...totals('training_records.expires_on', window.asOf),
    ])
    .where('training_records.deleted_at', 'is', null)
    .where('training_records.expires_on', '>=', window.from)
    .where('training_records.expires_on', '<=', window.to)
    .where(visiblePeople(ctx, 'training.read'))
    .orderBy('training_records.expires_on')
    .orderBy('training_records.id')
    .limit(window.limit)
    .execute();
}
