import type { Kysely } from 'kysely';
import { can } from '../../platform/auth/authorize.js';
import type { Permission } from '../../platform/auth/roles.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { WorkRows } from '../study-sites/work-rows.js';
import { visibleDocuments } from './document.repo.js';

export interface DocumentWorkRow {
  id: string;
  title: string;
  study_id: string;
  study_short_name: string;
  site_id: string | null;
  site_name: string | null;
  study_site_id: string | null;
  person_name: string | null;
  version_number: number;
  review_note: string | null;
  changed_at: Date;
}

/**
 * Documents whose current version is `status` (submitted: waiting for review; returned: back
 * with the reviewer's note) that the caller may act on with `permission` there: approve or
 * return a submitted one, file a new version of a returned one. Starts from the versions in
 * review (a partial index, migration 0015: few at any time), then keeps the documents visible
 * and, as the action itself asks (load-version-for-review.ts), those whose study or study-site
 * a grant with the permission covers: an investigator sees their site's documents, not the
 * trial-level ones only the sponsor approves. `keep` narrows them to the home page's section.
 */
export async function listDocumentsInReview(
  db: Kysely<DB>,
  ctx: RequestContext,
  status: 'submitted' | 'returned',
  permission: Permission,
  limit: number,
  keep: (document: { study_id: string; study_site_id: string | null }) => boolean = () => true,
): Promise<WorkRows<DocumentWorkRow>> {
  const rows = await db
    .selectFrom('document_versions as dv')
    .innerJoin('documents', (join) => join.onRef('documents.id', '=', 'dv.document_id').onRef('documents.current_version_id', '=', 'dv.id'))
    .innerJoin('studies as doc_study', 'doc_study.id', 'documents.study_id')
    .leftJoin('sites as doc_site', 'doc_site.id', 'documents.site_id')
    .leftJoin('people', 'people.id', 'documents.person_id')
    .leftJoin('study_sites as doc_ss', (join) =>
      join.onRef('doc_ss.study_id', '=', 'documents.study_id').onRef('doc_ss.site_id', '=', 'documents.site_id'),
    )
    .select([
      'documents.id',
      'documents.title',
      'documents.study_id',
      'doc_study.short_name as study_short_name',
      'doc_study.sponsor_org_id',
      'doc_study.cro_org_id',
      'documents.site_id',
      'doc_site.name as site_name',
      'doc_site.organization_id as site_org_id',
      'doc_ss.id as study_site_id',
      'doc_ss.smo_org_id',
      'people.full_name as person_name',
      'dv.version_number',
      'dv.review_note',
      'dv.updated_at as changed_at',
    ])
    .where('dv.review_status', '=', status)
    .where(visibleDocuments(ctx, permission))
    .orderBy('dv.updated_at')
    .orderBy('documents.id')
    .execute();
  const actionable = rows.filter(
    (row) =>
      keep(row) &&
      can(ctx.actor, permission, {
        organizationIds: [row.sponsor_org_id, row.cro_org_id, row.site_org_id, row.smo_org_id],
        studyId: row.study_id,
        siteId: row.site_id ?? undefined,
        studySiteId: row.study_site_id ?? undefined,
      }),
  );
  const counts = new Map<string, number>();
  for (const row of actionable) {
    const key = row.study_site_id ?? `study:${row.study_id}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return {
    rows: actionable.slice(0, limit).map((row) => ({
      id: row.id,
      title: row.title,
      study_id: row.study_id,
      study_short_name: row.study_short_name,
      site_id: row.site_id,
      site_name: row.site_name,
      study_site_id: row.study_site_id,
      person_name: row.person_name,
      version_number: row.version_number,
      review_note: row.review_note,
      changed_at: row.changed_at,
    })),
    counts,
  };
}
