import type { Selectable } from 'kysely';
import type { DB } from './tables.generated.js';

export type ProtocolVersionsTable = DB['protocol_versions'];
export type ProtocolArmsTable = DB['protocol_arms'];
export type ProtocolVisitsTable = DB['protocol_visits'];
export type ProtocolProceduresTable = DB['protocol_procedures'];
export type ProtocolCriteriaTable = DB['protocol_criteria'];
export type ProtocolSiteApprovalsTable = DB['protocol_site_approvals'];
export type IcfVersionsTable = DB['icf_versions'];
export type IcfSiteApprovalsTable = DB['icf_site_approvals'];
export type ProtocolTables = Pick<
  DB,
  | 'protocol_versions'
  | 'protocol_arms'
  | 'protocol_visits'
  | 'protocol_procedures'
  | 'protocol_criteria'
  | 'protocol_site_approvals'
  | 'icf_versions'
  | 'icf_site_approvals'
>;

export type ProtocolVersionRow = Selectable<ProtocolVersionsTable>;
export type ProtocolArmRow = Selectable<ProtocolArmsTable>;
export type ProtocolVisitRow = Selectable<ProtocolVisitsTable>;
export type ProtocolProcedureRow = Selectable<ProtocolProceduresTable>;
export type ProtocolCriterionRow = Selectable<ProtocolCriteriaTable>;
export type ProtocolSiteApprovalRow = Selectable<ProtocolSiteApprovalsTable>;
export type IcfVersionRow = Selectable<IcfVersionsTable>;
export type IcfSiteApprovalRow = Selectable<IcfSiteApprovalsTable>;
