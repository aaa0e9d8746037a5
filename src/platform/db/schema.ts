import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { DateOnly, DefaultTimestamp, Timestamp, Versioned } from './column-types.js';
import type { DelegationTables } from './schema-delegation.js';
import type { FeasibilityTables } from './schema-feasibility.js';
import type { IdempotencyKeysTable } from './schema-idempotency.js';
import type { MilestoneTables } from './schema-milestones.js';
import type { ParticipantTables } from './schema-participants.js';
import type { ProtocolTables } from './schema-protocols.js';
import type { StartUpTables } from './schema-start-up.js';

export interface OrganizationsTable extends Versioned {
  id: Generated<string>;
  name: string;
  kind: string;
  country: string | null;
}

export interface UsersTable extends Versioned {
  id: Generated<string>;
  email: string;
  full_name: string;
  organization_id: string;
  password_hash: string;
  is_active: Generated<boolean>;
  failed_login_count: Generated<number>;
  locked_until: Timestamp | null;
}

export interface GrantsTable {
  id: Generated<string>;
  user_id: string;
  role: string;
  scope_type: string;
  scope_id: string | null;
  created_at: DefaultTimestamp;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  ended_at: Timestamp | null;
}

export interface StudiesTable extends Versioned {
  id: Generated<string>;
  sponsor_org_id: string;
  cro_org_id: string | null;
  protocol_number: string;
  title: string;
  short_name: string;
  phase: string;
  therapeutic_area: string | null;
  indication: string | null;
  status: string;
  enrollment_target: number | null;
  planned_sites: number | null;
  planned_fpi_date: DateOnly | null;
  planned_lpi_date: DateOnly | null;
}

export interface SitesTable extends Versioned {
  id: Generated<string>;
  organization_id: string;
  name: string;
  address_line: string | null;
  city: string | null;
  postal_code: string | null;
  country: string;
  time_zone: string;
  principal_investigator: string | null;
}

export interface StudySitesTable extends Versioned {
  id: Generated<string>;
  study_id: string;
  site_id: string;
  site_number: string;
  status: string;
  target_enrollment: number | null;
  activation_date: DateOnly | null;
  smo_org_id: string | null;
}

export interface AuditEventsTable {
  seq: Generated<string>;
  occurred_at: Timestamp;
  actor_user_id: string | null;
  actor_label: string;
  entity_type: string;
  entity_id: string;
  action: string;
  changes: ColumnType<unknown, string, never>;
  reason: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface DB extends StartUpTables, DelegationTables, MilestoneTables, FeasibilityTables, ProtocolTables, ParticipantTables {
  organizations: OrganizationsTable;
  users: UsersTable;
  grants: GrantsTable;
  sessions: SessionsTable;
  studies: StudiesTable;
  sites: SitesTable;
  study_sites: StudySitesTable;
  audit_events: AuditEventsTable;
  idempotency_keys: IdempotencyKeysTable;
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type UserRow = Selectable<UsersTable>;
export type GrantRow = Selectable<GrantsTable>;
export type StudyRow = Selectable<StudiesTable>;
export type SiteRow = Selectable<SitesTable>;
export type StudySiteRow = Selectable<StudySitesTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type NewStudy = Insertable<StudiesTable>;
