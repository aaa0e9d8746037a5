import { type Insertable, type Kysely, sql } from 'kysely';
import { scopeIds } from '../../platform/auth/authorize.js';
import { visibleStudies } from '../../platform/auth/scope-filters.repo.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { ProtocolVersionRow, ProtocolVersionsTable } from '../../platform/db/schema-protocols.js';
import { iso } from '../../platform/db/timestamps.js';
import { notFound } from '../../platform/errors.js';
import type { ProtocolStructure, ProtocolVersion, ProtocolVersionSummary } from './protocol.schemas.js';

export type StudyForProtocols = { id: string; sponsor_org_id: string; cro_org_id: string | null };
export type ProtocolVersionJoined = ProtocolVersionRow & { sponsor_org_id: string; cro_org_id: string | null };

/** The study, when the caller's protocol.read grants reach it (else it answers 404). */
export function findStudyForProtocols(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<StudyForProtocols | undefined> {
  return db
    .selectFrom('studies')
    .select(['studies.id', 'studies.sponsor_org_id', 'studies.cro_org_id'])
    .where('studies.id', '=', studyId)
    .where(visibleStudies(scopeIds(ctx.actor, 'protocol.read')))
    .executeTakeFirst();
}

/** A protocol version is seen by whoever sees its study's protocols. */
export function findVisibleProtocolVersion(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<ProtocolVersionJoined | undefined> {
  return db
    .selectFrom('protocol_versions')
    .innerJoin('studies', 'studies.id', 'protocol_versions.study_id')
    .selectAll('protocol_versions')
    .select(['studies.sponsor_org_id', 'studies.cro_org_id'])
    .where('protocol_versions.id', '=', id)
    .where(visibleStudies(scopeIds(ctx.actor, 'protocol.read')))
    .executeTakeFirst();
}

/** A protocol version with its structure, as the caller may see it; 404 outside their studies. */
export async function getProtocolVersion(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<ProtocolVersion> {
  const row = await findVisibleProtocolVersion(db, ctx, id);
  if (!row) throw notFound('protocol version');
  return loadProtocolVersion(db, row);
}

/** A protocol version of the study, or undefined: the caller found the study visible first. */
export function findProtocolVersionOfStudy(db: Kysely<DB>, studyId: string, id: string): Promise<ProtocolVersionRow | undefined> {
  return db.selectFrom('protocol_versions').selectAll().where('id', '=', id).where('study_id', '=', studyId).executeTakeFirst();
}

/** The row again after a write, in the writer's transaction (the writer found it visible first). */
export function reloadProtocolVersionRow(tx: Kysely<DB>, id: string): Promise<ProtocolVersionRow> {
  return tx.selectFrom('protocol_versions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export function insertProtocolVersion(tx: Kysely<DB>, values: Insertable<ProtocolVersionsTable>): Promise<ProtocolVersionRow> {
  return tx.insertInto('protocol_versions').values(values).returningAll().executeTakeFirstOrThrow();
}

/**
 * The protocol version whose approval at the study-site is the latest on or before `on`, with
 * its approval's id and day (in-force.ts).
 */
export function findProtocolApprovedAt(db: Kysely<DB>, studySiteId: string, on: string) {
  return db
    .selectFrom('protocol_site_approvals as a')
    .innerJoin('protocol_versions as pv', 'pv.id', 'a.protocol_version_id')
    .selectAll('pv')
    .select(['a.id as approval_id', 'a.approved_on'])
    .where('a.study_site_id', '=', studySiteId)
    .where('a.approved_on', '<=', on)
    .orderBy('a.approved_on', 'desc')
    .orderBy('pv.version_number', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Every approval of a protocol version at the study-site with its version, the latest first (as
 * findProtocolApprovedAt orders them): what governed the site on any day (in-force.ts).
 */
export function listProtocolApprovals(db: Kysely<DB>, studySiteId: string) {
  return db
    .selectFrom('protocol_site_approvals as a')
    .innerJoin('protocol_versions as pv', 'pv.id', 'a.protocol_version_id')
    .selectAll('pv')
    .select(['a.id as approval_id', 'a.approved_on'])
    .where('a.study_site_id', '=', studySiteId)
    .orderBy('a.approved_on', 'desc')
    .orderBy('pv.version_number', 'desc')
    .execute();
}

function summaryFields(row: ProtocolVersionRow) {
  return {
    id: row.id,
    studyId: row.study_id,
    versionNumber: row.version_number,
    versionLabel: row.version_label,
    status: row.status as ProtocolVersion['status'],
    summaryOfChanges: row.summary_of_changes,
    amendsVersionId: row.amends_version_id,
    finalizedAt: row.finalized_at ? iso(row.finalized_at) : null,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** A study's versions, newest first, with the size of each schedule; 404 unless the caller reads the study's protocols. */
export async function listProtocolVersions(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<ProtocolVersionSummary[]> {
  if (!(await findStudyForProtocols(db, ctx, studyId))) throw notFound('study');
  const rows = await db
    .selectFrom('protocol_versions as pv')
    .selectAll('pv')
    .select([
      sql<number>`(select count(*) from protocol_arms a where a.protocol_version_id = pv.id)`.as('arm_count'),
      sql<number>`(select count(*) from protocol_visits v where v.protocol_version_id = pv.id)`.as('visit_count'),
      sql<number>`(select count(*) from protocol_criteria c where c.protocol_version_id = pv.id)`.as('criterion_count'),
    ])
    .where('pv.study_id', '=', studyId)
    .orderBy('pv.version_number', 'desc')
    .execute();
  return rows.map((row) => ({
    ...summaryFields(row),
    armCount: Number(row.arm_count),
    visitCount: Number(row.visit_count),
    criterionCount: Number(row.criterion_count),
  }));
}

/** A version with its arms, visits (with procedures) and criteria, each in protocol order. */
export async function loadProtocolVersion(db: Kysely<DB>, row: ProtocolVersionRow): Promise<ProtocolVersion> {
  const arms = await db.selectFrom('protocol_arms').selectAll().where('protocol_version_id', '=', row.id).orderBy('sequence').execute();
  const visits = await db.selectFrom('protocol_visits').selectAll().where('protocol_version_id', '=', row.id).orderBy('sequence').execute();
  const procedures =
    visits.length === 0
      ? []
      : await db
          .selectFrom('protocol_procedures')
          .selectAll()
          .where(
            'visit_id',
            'in',
            visits.map((v) => v.id),
          )
          .orderBy('sequence')
          .execute();
  const criteria = await db
    .selectFrom('protocol_criteria')
    .selectAll()
    .where('protocol_version_id', '=', row.id)
    .orderBy(sql`kind = 'exclusion'`)
    .orderBy('number')
    .execute();
  return {
    ...summaryFields(row),
    arms: arms.map((a) => ({
      id: a.id,
      code: a.code,
      name: a.name,
      allocationRatio: a.allocation_ratio,
      blindedLabel: a.blinded_label,
      sequence: a.sequence,
    })),
    visits: visits.map((v) => ({
      id: v.id,
      code: v.code,
      name: v.name,
      kind: v.kind as ProtocolVersion['visits'][number]['kind'],
      anchor: v.anchor as ProtocolVersion['visits'][number]['anchor'],
      targetDay: v.target_day,
      windowBeforeDays: v.window_before_days,
      windowAfterDays: v.window_after_days,
      sequence: v.sequence,
      procedures: procedures
        .filter((p) => p.visit_id === v.id)
        .map((p) => ({ id: p.id, code: p.code, name: p.name, required: p.required, sequence: p.sequence })),
    })),
    criteria: criteria.map((c) => ({ id: c.id, kind: c.kind as 'inclusion' | 'exclusion', number: c.number, text: c.text })),
  };
}

/** The editable structure of a loaded version (what PATCH takes and amend copies). */
export function structureOf(version: ProtocolVersion): ProtocolStructure {
  return {
    arms: version.arms.map(({ code, name, allocationRatio, blindedLabel }) => ({ code, name, allocationRatio, blindedLabel })),
    visits: version.visits.map(({ code, name, kind, anchor, targetDay, windowBeforeDays, windowAfterDays, procedures }) => ({
      code,
      name,
      kind,
      anchor,
      targetDay,
      windowBeforeDays,
      windowAfterDays,
      procedures: procedures.map(({ code, name, required }) => ({ code, name, required })),
    })),
    criteria: version.criteria.map(({ kind, number, text }) => ({ kind, number, text })),
  };
}

/** Replaces the sections given; the frozen-structure trigger refuses this on a final version. */
export async function replaceStructure(tx: Kysely<DB>, versionId: string, structure: Partial<ProtocolStructure>): Promise<void> {
  if (structure.arms) {
    await tx.deleteFrom('protocol_arms').where('protocol_version_id', '=', versionId).execute();
    if (structure.arms.length > 0) {
      await tx
        .insertInto('protocol_arms')
        .values(
          structure.arms.map((arm, index) => ({
            protocol_version_id: versionId,
            code: arm.code,
            name: arm.name,
            allocation_ratio: arm.allocationRatio,
            blinded_label: arm.blindedLabel ?? null,
            sequence: index + 1,
          })),
        )
        .execute();
    }
  }
  if (structure.visits) {
    // Procedures go with their visits (ON DELETE CASCADE).
    await tx.deleteFrom('protocol_visits').where('protocol_version_id', '=', versionId).execute();
    for (const [index, visit] of structure.visits.entries()) {
      const { id } = await tx
        .insertInto('protocol_visits')
        .values({
          protocol_version_id: versionId,
          code: visit.code,
          name: visit.name,
          kind: visit.kind,
          anchor: visit.anchor,
          target_day: visit.targetDay,
          window_before_days: visit.windowBeforeDays,
          window_after_days: visit.windowAfterDays,
          sequence: index + 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (visit.procedures.length > 0) {
        await tx
          .insertInto('protocol_procedures')
          .values(visit.procedures.map((p, i) => ({ visit_id: id, code: p.code, name: p.name, required: p.required, sequence: i + 1 })))
          .execute();
      }
    }
  }
  if (structure.criteria) {
    await tx.deleteFrom('protocol_criteria').where('protocol_version_id', '=', versionId).execute();
    if (structure.criteria.length > 0) {
      await tx
        .insertInto('protocol_criteria')
        .values(structure.criteria.map((c) => ({ protocol_version_id: versionId, kind: c.kind, number: c.number, text: c.text })))
        .execute();
    }
  }
}

export const protocolUniqueFields = {
  protocol_versions_study_id_version_label_key: {
    pointer: '/versionLabel',
    detail: 'The study has a protocol version with this label already.',
  },
  protocol_versions_one_draft_idx: {
    pointer: '',
    detail: 'The study has a draft protocol version already: finish (finalize) it before starting another.',
  },
  protocol_versions_study_id_version_number_key: { pointer: '', detail: 'Another protocol version was made at the same time; try again.' },
};

export async function nextVersionNumber(tx: Kysely<DB>, studyId: string): Promise<number> {
  const { last } = await tx
    .selectFrom('protocol_versions')
    .select((eb) => eb.fn.max('version_number').as('last'))
    .where('study_id', '=', studyId)
    .executeTakeFirstOrThrow();
  return Number(last ?? 0) + 1;
}

/** The names of every arm of any of the study's protocol versions, each once. */
export async function armNamesOfStudy(db: Kysely<DB>, studyId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('protocol_arms as a')
    .innerJoin('protocol_versions as pv', 'pv.id', 'a.protocol_version_id')
    .select('a.name')
    .distinct()
    .where('pv.study_id', '=', studyId)
    .execute();
  return rows.map((r) => r.name);
}
