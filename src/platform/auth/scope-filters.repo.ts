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

/**
 * Rows of `studies` (alias `studies`). Each way in is an uncorrelated `IN` over an indexed
 * column of study_sites, driven by the grant ids, rather than one `exists` per study row.
 */
export function visibleStudies(ids: ScopeIds): RawBuilder<boolean> {
  if (ids.platform) return sql<boolean>`true`;
  const via = (column: string, list: string[]) =>
    list.length === 0
      ? none
      : sql<boolean>`studies.id in (select study_id from study_sites where ${sql.ref(column)} = any(${list}::uuid[]))`;
  return or([
    anyOf(ref('studies.sponsor_org_id'), ids.organization),
    anyOf(ref('studies.cro_org_id'), ids.organization),
    anyOf(ref('studies.id'), ids.study),
    via('study_sites.id', ids.studySite),
    via('study_sites.site_id', ids.site),
    via('study_sites.smo_org_id', ids.organization),
    ids.organization.length === 0
      ? none
      : sql<boolean>`studies.id in (select vss.study_id from study_sites vss join sites vsi on vsi.id = vss.site_id
          where vsi.organization_id = any(${ids.organization}::uuid[]))`,
  ]);
}

/** Rows of `sites` (alias `sites`), by the same uncorrelated `IN` shape as studies. */
export function visibleSites(ids: ScopeIds): RawBuilder<boolean> {
  if (ids.platform) return sql<boolean>`true`;
  const via = (column: string, list: string[]) =>
    list.length === 0 ? none : sql<boolean>`sites.id in (select site_id from study_sites where ${sql.ref(column)} = any(${list}::uuid[]))`;
  return or([
    anyOf(ref('sites.organization_id'), ids.organization),
    anyOf(ref('sites.id'), ids.site),
    via('study_sites.id', ids.studySite),
    via('study_sites.study_id', ids.study),
    via('study_sites.smo_org_id', ids.organization),
    ids.organization.length === 0
      ? none
      : sql<boolean>`sites.id in (select vss.site_id from study_sites vss join studies vst on vst.id = vss.study_id
          where vst.sponsor_org_id = any(${ids.organization}::uuid[]) or vst.cro_org_id = any(${ids.organization}::uuid[]))`,
  ]);
}

/** Rows of `study_sites` joined with `studies` (alias `studies`); the site's owner is looked up by index. */
export function visibleStudySites(ids: ScopeIds): RawBuilder<boolean> {
  if (ids.platform) return sql<boolean>`true`;
  return or([studySiteGrant(ids), studyWideGrant(ids)]);
}

/** Rows of `studies` whose every site a grant shows: one on the study, its sponsor or its CRO. */
function studyWideGrant(ids: ScopeIds): RawBuilder<boolean> {
  return or([
    anyOf(ref('studies.id'), ids.study),
    anyOf(ref('studies.sponsor_org_id'), ids.organization),
    anyOf(ref('studies.cro_org_id'), ids.organization),
  ]);
}

/** Rows of `study_sites` a grant shows by themselves: one on it, its site, its SMO or the site's owner. */
function studySiteGrant(ids: ScopeIds): RawBuilder<boolean> {
  return or([
    anyOf(ref('study_sites.id'), ids.studySite),
    anyOf(ref('study_sites.site_id'), ids.site),
    anyOf(ref('study_sites.smo_org_id'), ids.organization),
    ids.organization.length === 0
      ? none
      : sql<boolean>`study_sites.site_id in (select id from sites where organization_id = any(${ids.organization}::uuid[]))`,
  ]);
}

/**
 * Whether the study-site given by two columns (study, site) of a few already matched rows is
 * visible: the rule of visibleStudySites, split so that each half is found once by index from
 * the grant ids. A grant on the study, its sponsor or its CRO shows every site of the study;
 * one on the site, study-site, SMO or site owner shows that pair. No join over every study-site.
 */
export function visibleStudySitePair(ids: ScopeIds, studyColumn: string, siteColumn: string): RawBuilder<boolean> {
  if (ids.platform) return sql<boolean>`true`;
  const studyWide = studyWideGrant(ids);
  const pairOnly = studySiteGrant(ids);
  const pair = sql`(${sql.ref(studyColumn)}, ${sql.ref(siteColumn)})`;
  return sql<boolean>`(${pair} in (select study_sites.study_id, study_sites.site_id from study_sites
      where study_sites.study_id in (select studies.id from studies where ${studyWide}))
    or ${pair} in (select study_sites.study_id, study_sites.site_id from study_sites where ${pairOnly}))`;
}

/**
 * Rows of `organizations`: the caller's own, those it holds grants in, and those behind the
 * studies, sites and study-sites it can see (sponsor, CRO, SMO, site owner). Uncorrelated
 * `IN`s like the others: the visible studies and sites are found once, not per organization
 * (people search asks this of every organization).
 */
export function visibleOrganizations(ids: ScopeIds, ownOrganizationId: string | null): RawBuilder<boolean> {
  if (ids.platform) return sql<boolean>`true`;
  const own = ownOrganizationId ? [ownOrganizationId] : [];
  return or([
    anyOf(ref('organizations.id'), [...own, ...ids.organization]),
    sql<boolean>`organizations.id in (select studies.sponsor_org_id from studies where ${visibleStudies(ids)})`,
    sql<boolean>`organizations.id in (select studies.cro_org_id from studies where studies.cro_org_id is not null and ${visibleStudies(ids)})`,
    sql<boolean>`organizations.id in (select sites.organization_id from sites where ${visibleSites(ids)})`,
    sql<boolean>`organizations.id in (select study_sites.smo_org_id from study_sites join studies on studies.id = study_sites.study_id
      where study_sites.smo_org_id is not null and ${visibleStudySites(ids)})`,
  ]);
}
