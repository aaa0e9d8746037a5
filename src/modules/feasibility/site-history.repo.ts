import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

/**
 * Every study-site of these sites, in any study, with when it was selected and went active as
 * the audit trail records. Reads without a context on purpose: a site's track record spans
 * other sponsors' studies, which the caller does not see. Only siteHistories calls it, and
 * only a mean and a count leave that function, never which studies they came from.
 */
export function unsafeStartUpSpansOfSites(db: Kysely<DB>, siteIds: string[]) {
  return db
    .selectFrom('study_sites')
    .select(['study_sites.id', 'study_sites.site_id', 'study_sites.created_at', 'study_sites.activation_date'])
    .select([
      sql<Date | null>`(select min(occurred_at) from audit_events where entity_type = 'study_site' and entity_id = study_sites.id
        and action = 'status_change' and changes @> '[{"field":"status","old":"candidate","new":"selected"}]'::jsonb)`.as('selected_at'),
      sql<Date | null>`(select min(occurred_at) from audit_events where entity_type = 'study_site' and entity_id = study_sites.id
        and action = 'status_change' and changes @> '[{"field":"status","new":"active"}]'::jsonb)`.as('active_at'),
    ])
    .where('study_sites.site_id', 'in', siteIds)
    .execute();
}
