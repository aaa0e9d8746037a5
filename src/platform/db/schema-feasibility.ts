import type { Selectable } from 'kysely';
import type { DB } from './tables.generated.js';

export type FeasibilityQuestionnairesTable = DB['feasibility_questionnaires'];
export type FeasibilityInvitationsTable = DB['feasibility_invitations'];
export type FeasibilityResponsesTable = DB['feasibility_responses'];
export type FeasibilityTables = Pick<DB, 'feasibility_questionnaires' | 'feasibility_invitations' | 'feasibility_responses'>;

export type QuestionnaireRow = Selectable<FeasibilityQuestionnairesTable>;
export type InvitationRow = Selectable<FeasibilityInvitationsTable>;
export type ResponseRow = Selectable<FeasibilityResponsesTable>;
