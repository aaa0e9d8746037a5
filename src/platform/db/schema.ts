import type { Insertable, Selectable } from 'kysely';
import type { DB } from './tables.generated.js';

// The table types are generated from the migrations (`npm run db:types`, tables.generated.ts);
// this file and schema-*.ts only name the rows the code passes around.
export type { DB };

export type OrganizationsTable = DB['organizations'];
export type UsersTable = DB['users'];
export type GrantsTable = DB['grants'];
export type SessionsTable = DB['sessions'];
export type StudiesTable = DB['studies'];
export type SitesTable = DB['sites'];
export type StudySitesTable = DB['study_sites'];
export type AuditEventsTable = DB['audit_events'];

export type OrganizationRow = Selectable<OrganizationsTable>;
export type UserRow = Selectable<UsersTable>;
export type GrantRow = Selectable<GrantsTable>;
export type StudyRow = Selectable<StudiesTable>;
export type SiteRow = Selectable<SitesTable>;
export type StudySiteRow = Selectable<StudySitesTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type NewStudy = Insertable<StudiesTable>;
