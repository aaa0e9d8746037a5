import type { ColumnType, Generated, Selectable } from 'kysely';
import type { DateOnly, DefaultTimestamp, Timestamp, Versioned } from './column-types.js';

export interface TmfArtifactsTable {
  artifact_number: string;
  unique_id: number;
  zone_number: string;
  zone_name: string;
  section_number: string;
  section_name: string;
  name: string;
  definition: string | null;
  core: boolean;
  trial_level: boolean;
  country_level: boolean;
  site_level: boolean;
  investigator_document: boolean;
  dating_convention: string | null;
  ich_code: string | null;
}

export interface PeopleTable extends Versioned {
  id: Generated<string>;
  organization_id: string;
  user_id: string | null;
  full_name: string;
  email: string | null;
  professional_title: string | null;
}

export interface SiteStaffTable extends Versioned {
  id: Generated<string>;
  site_id: string;
  person_id: string;
  role: string;
  start_date: DateOnly;
  end_date: DateOnly | null;
}

export interface SignaturesTable {
  id: Generated<string>;
  entity_type: string;
  entity_id: string;
  signer_user_id: string;
  printed_name: string;
  meaning: string;
  signed_at: Timestamp;
  content_hash: string;
}

export interface DocumentsTable extends Versioned {
  id: Generated<string>;
  study_id: string;
  site_id: string | null;
  person_id: string | null;
  artifact_number: string;
  title: string;
  current_version_id: string | null;
  approved_version_id: string | null;
  approved_effective_date: DateOnly | null;
  approved_expiry_date: DateOnly | null;
}

export interface DocumentVersionsTable extends Versioned {
  id: Generated<string>;
  document_id: string;
  version_number: number;
  content_hash: string;
  file_name: string;
  media_type: string;
  size_bytes: ColumnType<string, number | string, number | string>;
  effective_date: DateOnly | null;
  expiry_date: DateOnly | null;
  review_status: Generated<string>;
  review_note: string | null;
  uploaded_by: string | null;
  uploaded_at: Timestamp;
}

export interface DocumentRulesTable {
  id: Generated<string>;
  study_id: string;
  artifact_number: string;
  applies_to: string;
  created_at: DefaultTimestamp;
}

export interface DocumentWaiversTable {
  id: Generated<string>;
  study_id: string;
  site_id: string;
  person_id: string | null;
  artifact_number: string;
  reason: string;
  created_by: string | null;
  created_at: DefaultTimestamp;
}

export interface StartUpTables {
  tmf_artifacts: TmfArtifactsTable;
  people: PeopleTable;
  site_staff: SiteStaffTable;
  signatures: SignaturesTable;
  documents: DocumentsTable;
  document_versions: DocumentVersionsTable;
  document_rules: DocumentRulesTable;
  document_waivers: DocumentWaiversTable;
}

export type PersonRow = Selectable<PeopleTable>;
export type DocumentRow = Selectable<DocumentsTable>;
export type DocumentVersionRow = Selectable<DocumentVersionsTable>;
