import type { Generated, Selectable } from 'kysely';
import type { DateOnly, DefaultTimestamp, Timestamp, Versioned } from './column-types.js';

export interface ProtocolVersionsTable extends Versioned {
  id: Generated<string>;
  study_id: string;
  version_number: number;
  version_label: string;
  status: Generated<string>;
  summary_of_changes: string | null;
  amends_version_id: string | null;
  finalized_at: Timestamp | null;
  finalized_by_user_id: string | null;
}

export interface ProtocolArmsTable {
  id: Generated<string>;
  protocol_version_id: string;
  code: string;
  name: string;
  allocation_ratio: number;
  blinded_label: string | null;
  sequence: number;
}

export interface ProtocolVisitsTable {
  id: Generated<string>;
  protocol_version_id: string;
  code: string;
  name: string;
  kind: string;
  anchor: string | null;
  target_day: number | null;
  window_before_days: Generated<number>;
  window_after_days: Generated<number>;
  sequence: number;
}

export interface ProtocolProceduresTable {
  id: Generated<string>;
  visit_id: string;
  code: string;
  name: string;
  required: Generated<boolean>;
  sequence: number;
}

export interface ProtocolCriteriaTable {
  id: Generated<string>;
  protocol_version_id: string;
  kind: string;
  number: number;
  text: string;
}

export interface ProtocolSiteApprovalsTable {
  id: Generated<string>;
  study_site_id: string;
  protocol_version_id: string;
  approved_on: DateOnly;
  reason: string | null;
  recorded_by_user_id: string | null;
  created_at: DefaultTimestamp;
}

export interface IcfVersionsTable extends Versioned {
  id: Generated<string>;
  study_id: string;
  version_label: string;
  language: string;
  protocol_version_id: string | null;
  document_id: string | null;
}

export interface IcfSiteApprovalsTable {
  id: Generated<string>;
  study_site_id: string;
  icf_version_id: string;
  language: string;
  approved_on: DateOnly;
  reason: string | null;
  recorded_by_user_id: string | null;
  created_at: DefaultTimestamp;
}

export interface ProtocolTables {
  protocol_versions: ProtocolVersionsTable;
  protocol_arms: ProtocolArmsTable;
  protocol_visits: ProtocolVisitsTable;
  protocol_procedures: ProtocolProceduresTable;
  protocol_criteria: ProtocolCriteriaTable;
  protocol_site_approvals: ProtocolSiteApprovalsTable;
  icf_versions: IcfVersionsTable;
  icf_site_approvals: IcfSiteApprovalsTable;
}

export type ProtocolVersionRow = Selectable<ProtocolVersionsTable>;
export type ProtocolArmRow = Selectable<ProtocolArmsTable>;
export type ProtocolVisitRow = Selectable<ProtocolVisitsTable>;
export type ProtocolProcedureRow = Selectable<ProtocolProceduresTable>;
export type ProtocolCriterionRow = Selectable<ProtocolCriteriaTable>;
export type ProtocolSiteApprovalRow = Selectable<ProtocolSiteApprovalsTable>;
export type IcfVersionRow = Selectable<IcfVersionsTable>;
export type IcfSiteApprovalRow = Selectable<IcfSiteApprovalsTable>;
