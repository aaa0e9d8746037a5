import type { Selectable } from 'kysely';
import type { DB } from './tables.generated.js';

export type MilestoneTemplatesTable = DB['milestone_templates'];
export type StudySiteMilestonesTable = DB['study_site_milestones'];
export type MilestoneTables = Pick<DB, 'milestone_templates' | 'study_site_milestones'>;

export type MilestoneTemplateRow = Selectable<MilestoneTemplatesTable>;
export type StudySiteMilestoneRow = Selectable<StudySiteMilestonesTable>;
