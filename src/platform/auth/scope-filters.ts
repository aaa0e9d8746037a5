import { type RawBuilder, sql } from 'kysely';
import type { ScopeIds } from './authorize.js';

/**
 * The SQL side of `can()`: which rows of a list a set of grants lets the caller see. A grant
 * on an organization, study, site or study-site shows that record, what it contains, and
 * the records it takes part in (a site's coordinator sees the studies the site runs, but
 * only its own study-site in each). Rows outside these answer 404, in lists too.
 */

const none = sql<boolean>`false`;

function anyOf(column: RawBuilder<unknown>, ids: string[]): RawBuilder<boolean> {
  return ids.length === 0 ? none : sql<boolean>`${column} = any(${ids}::uuid[])`;
}

function or(parts: RawBuilder<boolean>[]): RawBuilder<boolean> {
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

const ref = (column: string) => sql.ref(column);

/** Rows of `studies` (alias `studies`). */
export function visibleStudies(ids: ScopeIds): RawBuilder<boolean> {
  if (ids.platform) return sql<boolean>`true`;
  return or([
    anyOf(ref('studies.sponsor_org_id'), ids.organization),
    anyOf(ref('studies.cro_org_id'), ids.organization),
    anyOf(ref('studies.id'), ids.study),
    sql<boolean>`exists (select 1 from study_sites vss join sites vsi on vsi.id = vss.site_id
      where vss.study_id = studies.id and ${or([
        anyOf(ref('vss.id'), ids.studySite),
        anyOf(ref('vss.site_id'), ids.site),
        anyOf(ref('vss.smo_org_id'), ids.organization),
        anyOf(ref('vsi.organization_id'), ids.organization),
      ])})`,
  ]);
}

/** Rows of `sites` (alias `sites`). */
export function visibleSites(ids: ScopeIds): RawBuilder<boolean> {
  if (ids.platform) return sql<boolean>`true`;
  return or([
    anyOf(ref('sites.organization_id'), ids.organization),
    anyOf(ref('sites.id'), ids.site),
    sql<boolean>`exists (select 1 from study_sites vss join studies vst on vst.id = vss.study_id
      where vss.site_id = sites.id and ${or([
        anyOf(ref('vss.id'), ids.studySite),
        anyOf(ref('vss.study_id'), ids.study),
        anyOf(ref('vss.smo_org_id'), ids.organization),
        anyOf(ref('vst.sponsor_org_id'), ids.organization),
        anyOf(ref('vst.cro_org_id'), ids.organization),
      ])})`,
  ]);
}

/** Rows of `study_sites` joined with `studies` and `sites` (aliases as the table names). */
export function visibleStudySites(ids: ScopeIds): RawBuilder<boolean> {
  if (ids.platform) return sql<boolean>`true`;
  return or([
    anyOf(ref('study_sites.id'), ids.studySite),
    anyOf(ref('study_sites.study_id'), ids.study),
    anyOf(ref('study_sites.site_id'), ids.site),
    anyOf(ref('study_sites.smo_org_id'), ids.organization),
    anyOf(ref('studies.sponsor_org_id'), ids.organization),
    anyOf(ref('studies.cro_org_id'), ids.organization),
    anyOf(ref('sites.organization_id'), ids.organization),
  ]);
}

/**
 * Rows of `organizations`: the caller's own, those it holds grants in, and those behind the
 * studies, sites and study-sites it can see (sponsor, CRO, SMO, site owner).
 */
export function visibleOrganizations(ids: ScopeIds, ownOrganizationId: string | null): RawBuilder<boolean> {
  if (ids.platform) return sql<boolean>`true`;
  const own = ownOrganizationId ? [ownOrganizationId] : [];
  return or([
    anyOf(ref('organizations.id'), [...own, ...ids.organization]),
    sql<boolean>`exists (select 1 from studies where (studies.sponsor_org_id = organizations.id or studies.cro_org_id = organizations.id) and ${visibleStudies(ids)})`,
    sql<boolean>`exists (select 1 from sites where sites.organization_id = organizations.id and ${visibleSites(ids)})`,
    sql<boolean>`exists (select 1 from study_sites join studies on studies.id = study_sites.study_id join sites on sites.id = study_sites.site_id
      where study_sites.smo_org_id = organizations.id and ${visibleStudySites(ids)})`,
  ]);
}
