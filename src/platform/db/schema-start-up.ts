import type { Selectable } from 'kysely';
import type { DB } from './tables.generated.js';

export type TmfArtifactsTable = DB['tmf_artifacts'];
export type PeopleTable = DB['people'];
export type SiteStaffTable = DB['site_staff'];
export type SignaturesTable = DB['signatures'];
export type DocumentsTable = DB['documents'];
export type DocumentVersionsTable = DB['document_versions'];
export type DocumentRulesTable = DB['document_rules'];
export type DocumentWaiversTable = DB['document_waivers'];
export type StartUpTables = Pick<
  DB,
  'tmf_artifacts' | 'people' | 'site_staff' | 'signatures' | 'documents' | 'document_versions' | 'document_rules' | 'document_waivers'
>;

export type PersonRow = Selectable<PeopleTable>;
export type DocumentRow = Selectable<DocumentsTable>;
export type DocumentVersionRow = Selectable<DocumentVersionsTable>;
