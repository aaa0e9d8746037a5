import { type Insertable, type Kysely, type RawBuilder, sql } from 'kysely';
import { type ResourceScope, scopeIds } from '../../platform/auth/authorize.js';
import type { Permission } from '../../platform/auth/roles.js';
import { visibleStudies, visibleStudySitePair, visibleStudySites } from '../../platform/auth/scope-filters.repo.js';
import type { RequestContext } from '../../platform/context.js';
import { keysetPage } from '../../platform/db/keyset-page.js';
import { containing, containsText, indexSearchable } from '../../platform/db/like.js';
import type { DB } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { decodeCursor, type Page, toPage } from '../../platform/http/pagination.js';
import { findSignatures, toSignature } from '../../platform/signatures/signatures.repo.js';
import type { Document, DocumentDetail, DocumentVersion, ListDocumentsQuery } from './document.schemas.js';

/**
 * A trial-level document is seen by whoever sees its study; a site's document by whoever
 * sees that study at that site (a site never sees another site's file).
 */
export function visibleDocuments(ctx: RequestContext, permission: Permission = 'document.read') {
  const ids = scopeIds(ctx.actor, permission);
  return sql<boolean>`(case when documents.site_id is null
    then exists (select 1 from studies where studies.id = documents.study_id and ${visibleStudies(ids)})
    else exists (select 1 from study_sites join studies on studies.id = study_sites.study_id join sites on sites.id = study_sites.site_id
      where study_sites.study_id = documents.study_id and study_sites.site_id = documents.site_id and ${visibleStudySites(ids)}) end)`;
}

/**
 * The page of documents whose title, artifact name or person's name contains the text and that
 * the caller sees: the rule of visibleDocuments, applied to the matches alone, then the list's
 * filters, cursor, order and limit, so that only the page's rows are joined to their study, site,
 * person and versions. The matches come first, each field through its own search index
 * (containsText: trigrams, or bigrams for a two-letter text), among the documents of the
 * studies the caller sees (a bitmap of documents_study_idx, ANDed with the search index's, so
 * that other sponsors' matches are not read); then the exact rule on those: the visible studies
 * and study-sites, each found once by index from the grant ids (visibleStudySitePair), not per
 * document and not by joining every study-site. `= any(array(…))` looks the matching people's
 * and artifacts' documents up by index: as a join, PostgreSQL would guess a person has the
 * average count of documents and read them all in order. The page is handed on the same way, as
 * an array: PostgreSQL then plans the list's joins for a few rows.
 */
function visibleDocumentPageMatching(ctx: RequestContext, text: string, query: ListDocumentsQuery) {
  const ids = scopeIds(ctx.actor, 'document.read');
  // Every visible document's study is a visible study (visibleStudies counts a study seen at one site).
  const inVisibleStudy = ids.platform
    ? sql<boolean>`true`
    : sql<boolean>`d.study_id = any(array(select studies.id from studies where ${visibleStudies(ids)}))`;
  const matches = sql`select m.* from (
      select ${matchColumns} from documents d where ${containsText('d.title', text)} and ${inVisibleStudy}
      union
      select ${matchColumns} from documents d
        where d.person_id = any(array(select id from people where ${containsText('people.full_name', text)})) and ${inVisibleStudy}
      union
      select ${matchColumns} from documents d
        where d.artifact_number = any(array(select artifact_number from tmf_artifacts where name ilike ${containing(text)}))
          and ${inVisibleStudy}
    ) m
    where (m.site_id is null and m.study_id in (select studies.id from studies where ${visibleStudies(ids)}))
      or (m.site_id is not null and ${visibleStudySitePair(ids, 'm.study_id', 'm.site_id')})`;
  const filters: RawBuilder<boolean>[] = [];
  if (query.studyId) filters.push(sql<boolean>`p.study_id = ${query.studyId}`);
  if (query.siteId) filters.push(sql<boolean>`p.site_id = ${query.siteId}`);
  if (query.personId) filters.push(sql<boolean>`p.person_id = ${query.personId}`);
  if (query.artifactNumber) filters.push(sql<boolean>`p.artifact_number = ${query.artifactNumber}`);
  if (query.reviewStatus) {
    filters.push(
      sql<boolean>`exists (select 1 from document_versions v where v.id = p.current_version_id and v.review_status = ${query.reviewStatus})`,
    );
  }
  const sort = pageSortExpressions[query.sort];
  const direction = sql.raw(query.order);
  const cursor = decodeCursor(query.cursor);
  if (cursor) {
    filters.push(
      query.order === 'asc'
        ? sql<boolean>`(${sort}, p.id) > (${cursor.value}, ${cursor.id})`
        : sql<boolean>`(${sort}, p.id) < (${cursor.value}, ${cursor.id})`,
    );
  }
  return sql<boolean>`documents.id = any(array(select p.id from (${matches}) p
    ${filters.length > 0 ? sql`where ${sql.join(filters, sql` and `)}` : sql``}
    order by ${sort} ${direction}, p.id ${direction} limit ${query.limit + 1}))`;
}

/** What the list's filters and order read of a matching document (`p` in visibleDocumentPageMatching). */
const matchColumns = sql.raw('d.id, d.study_id, d.site_id, d.person_id, d.artifact_number, d.title, d.updated_at, d.current_version_id');

/** sortExpressions (below) of the page's documents, `p`. */
const pageSortExpressions = {
  title: sql`lower(p.title)`,
  artifactNumber: sql`p.artifact_number`,
  updatedAt: sql`p.updated_at`,
};

/** The list's columns without the visibility rule: the caller applies visibleDocuments or its equal. */
function unsafeSelectDocuments(db: Kysely<DB>) {
  return db
    .selectFrom('documents')
    .innerJoin('studies as doc_study', 'doc_study.id', 'documents.study_id')
    .innerJoin('tmf_artifacts', 'tmf_artifacts.artifact_number', 'documents.artifact_number')
    .leftJoin('sites as doc_site', 'doc_site.id', 'documents.site_id')
    .leftJoin('people', 'people.id', 'documents.person_id')
    .leftJoin('study_sites as doc_ss', (join) =>
      join.onRef('doc_ss.study_id', '=', 'documents.study_id').onRef('doc_ss.site_id', '=', 'documents.site_id'),
    )
    .leftJoin('document_versions as current', 'current.id', 'documents.current_version_id')
    .selectAll('documents')
    .select([
      'doc_study.short_name as study_short_name',
      'doc_study.sponsor_org_id',
      'doc_study.cro_org_id',
      'doc_site.name as site_name',
      'doc_site.time_zone as site_time_zone',
      'doc_site.organization_id as site_org_id',
      'doc_ss.id as study_site_id',
      'doc_ss.smo_org_id',
      'people.full_name as person_name',
      'tmf_artifacts.name as artifact_name',
      'tmf_artifacts.zone_name',
      'tmf_artifacts.section_name',
      'current.version_number as current_version_number',
      'current.review_status as current_review_status',
      sql<boolean>`exists (select 1 from signatures where signatures.entity_type = 'document_version' and signatures.entity_id = documents.current_version_id)`.as(
        'current_signed',
      ),
      sql<boolean>`exists (select 1 from signatures join document_versions dv on dv.id = signatures.entity_id
        where signatures.entity_type = 'document_version' and dv.document_id = documents.id)`.as('any_signed'),
    ]);
}

function selectDocuments(db: Kysely<DB>, ctx: RequestContext) {
  return unsafeSelectDocuments(db).where(visibleDocuments(ctx));
}
export type DocumentJoined = Awaited<ReturnType<ReturnType<typeof selectDocuments>['executeTakeFirstOrThrow']>>;

export function toDocument(row: DocumentJoined): Document {
  return {
    id: row.id,
    studyId: row.study_id,
    studyShortName: row.study_short_name,
    siteId: row.site_id,
    siteName: row.site_name,
    siteTimeZone: row.site_time_zone,
    personId: row.person_id,
    personName: row.person_name,
    artifactNumber: row.artifact_number,
    artifactName: row.artifact_name,
    zoneName: row.zone_name,
    sectionName: row.section_name,
    title: row.title,
    currentVersionId: row.current_version_id,
    currentVersionNumber: row.current_version_number,
    currentReviewStatus: row.current_review_status as Document['currentReviewStatus'],
    signatureStatus: row.current_signed ? 'signed' : row.any_signed ? 'superseded' : 'unsigned',
    approvedVersionId: row.approved_version_id,
    approvedEffectiveDate: row.approved_effective_date,
    approvedExpiryDate: row.approved_expiry_date,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** Who may file, review or approve a document: a grant on its study, or on its study-site. */
export function documentScope(row: DocumentJoined): ResourceScope {
  return {
    organizationIds: [row.sponsor_org_id, row.cro_org_id, row.site_org_id, row.smo_org_id],
    studyId: row.study_id,
    siteId: row.site_id ?? undefined,
    studySiteId: row.study_site_id ?? undefined,
  };
}

export function findVisibleDocument(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<DocumentJoined | undefined> {
  return selectDocuments(db, ctx).where('documents.id', '=', id).executeTakeFirst();
}

const sortExpressions = {
  title: sql`lower(documents.title)`,
  artifactNumber: sql`documents.artifact_number`,
  updatedAt: sql`documents.updated_at`,
};

export async function listVisibleDocuments(db: Kysely<DB>, ctx: RequestContext, query: ListDocumentsQuery): Promise<Page<Document>> {
  // Search: the page of visible matches first, through the search indexes; the same visibility
  // rule, so visibleDocuments is not asked again of each match, and the same filters, cursor and
  // order, applied again below to those rows alone. With a one-letter text, the page is walked in
  // its sort order and filtered below (see like.ts).
  let q =
    query.q && indexSearchable(query.q)
      ? unsafeSelectDocuments(db).where(visibleDocumentPageMatching(ctx, query.q, query))
      : selectDocuments(db, ctx);
  if (query.studyId) q = q.where('documents.study_id', '=', query.studyId);
  if (query.siteId) q = q.where('documents.site_id', '=', query.siteId);
  if (query.personId) q = q.where('documents.person_id', '=', query.personId);
  if (query.artifactNumber) q = q.where('documents.artifact_number', '=', query.artifactNumber);
  if (query.reviewStatus) q = q.where('current.review_status', '=', query.reviewStatus);
  if (query.q) {
    const pattern = containing(query.q);
    q = q.where((eb) =>
      eb.or([
        eb('documents.title', 'ilike', pattern),
        eb('tmf_artifacts.name', 'ilike', pattern),
        eb('people.full_name', 'ilike', pattern),
      ]),
    );
  }
  const rows = await keysetPage(
    q,
    sortExpressions[query.sort],
    sql`documents.id`,
    query.order,
    decodeCursor(query.cursor),
    query.limit,
  ).execute();
  return toPage(rows, query.limit, toDocument);
}

/**
 * Every version of a document with its signatures; a signature is valid only for the bytes it
 * signed. Unscoped by id: reached only through documentDetail, with a document already found visible.
 */
async function unsafeListVersions(db: Kysely<DB>, documentId: string): Promise<DocumentVersion[]> {
  const rows = await db
    .selectFrom('document_versions')
    .leftJoin('users', 'users.id', 'document_versions.uploaded_by')
    .selectAll('document_versions')
    .select('users.full_name as uploaded_by_name')
    .where('document_id', '=', documentId)
    .orderBy('version_number', 'desc')
    .execute();
  const signatures = await findSignatures(
    db,
    'document_version',
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    id: row.id,
    versionNumber: row.version_number,
    contentHash: row.content_hash,
    fileName: row.file_name,
    mediaType: row.media_type,
    sizeBytes: Number(row.size_bytes),
    effectiveDate: row.effective_date,
    expiryDate: row.expiry_date,
    reviewStatus: row.review_status as DocumentVersion['reviewStatus'],
    reviewNote: row.review_note,
    uploadedByName: row.uploaded_by_name,
    uploadedAt: iso(row.uploaded_at),
    version: row.version,
    signatures: signatures.filter((s) => s.entity_id === row.id).map((s) => toSignature(s, row.content_hash)),
  }));
}

export async function documentDetail(db: Kysely<DB>, row: DocumentJoined): Promise<DocumentDetail> {
  return { ...toDocument(row), versions: await unsafeListVersions(db, row.id) };
}

/** A version of a document the caller sees. */
export function findVersion(db: Kysely<DB>, ctx: RequestContext, documentId: string, versionId: string) {
  return db
    .selectFrom('document_versions')
    .selectAll()
    .where('document_id', '=', documentId)
    .where('id', '=', versionId)
    .where('document_id', 'in', (eb) => eb.selectFrom('documents').select('documents.id').where(visibleDocuments(ctx)))
    .executeTakeFirst();
}

type NewVersion = Omit<Insertable<DB['document_versions']>, 'document_id' | 'version_number'>;

/**
 * A new document with its first version, the current one. The use case has checked where it
 * is filed and the caller's document.write there. Returns both ids.
 */
export async function insertDocument(
  tx: Kysely<DB>,
  values: Insertable<DB['documents']>,
  firstVersion: NewVersion,
): Promise<{ documentId: string; versionId: string }> {
  const document = await tx.insertInto('documents').values(values).returning('id').executeTakeFirstOrThrow();
  const version = await tx
    .insertInto('document_versions')
    .values({ ...firstVersion, document_id: document.id, version_number: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx.updateTable('documents').set({ current_version_id: version.id }).where('id', '=', document.id).execute();
  return { documentId: document.id, versionId: version.id };
}

/** The next version number of a document (its versions are numbered 1, 2, 3...). */
export async function nextVersionNumber(tx: Kysely<DB>, documentId: string): Promise<number> {
  const latest = await tx
    .selectFrom('document_versions')
    .select((eb) => eb.fn.max('version_number').as('n'))
    .where('document_id', '=', documentId)
    .executeTakeFirstOrThrow();
  return Number(latest.n ?? 0) + 1;
}

/** A new version of a document the use case has checked the caller may write. Returns its id. */
export async function insertDocumentVersion(tx: Kysely<DB>, values: Insertable<DB['document_versions']>): Promise<string> {
  const { id } = await tx.insertInto('document_versions').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** The number of a version, by id. Unscoped: only for the approved version of a document already found visible. */
export async function unsafeVersionNumberOf(db: Kysely<DB>, versionId: string): Promise<number | undefined> {
  const row = await db.selectFrom('document_versions').select('version_number').where('id', '=', versionId).executeTakeFirst();
  return row?.version_number;
}

/** A missing document accepted on purpose; the use case has checked documentRule.write. Returns its id. */
export async function insertWaiver(tx: Kysely<DB>, values: Insertable<DB['document_waivers']>): Promise<string> {
  const { id } = await tx.insertInto('document_waivers').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}
