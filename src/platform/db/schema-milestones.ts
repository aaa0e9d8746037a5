import type { ColumnType, Generated, Selectable } from 'kysely';
import type { DateOnly, Versioned } from './column-types.js';

export interface MilestoneTemplatesTable extends Versioned {
  id: Generated<string>;
  study_id: string;
  code: string;
  name: string;
  sequence: number;
  required_for_activation: Generated<boolean>;
  typical_duration_days: Generated<number>;
  depends_on: ColumnType<string[], string[] | undefined, string[]>;
}

export interface StudySiteMilestonesTable extends Versioned {
  id: Generated<string>;
  study_site_id: string;
  template_id: string;
  planned_date: DateOnly | null;
  actual_date: DateOnly | null;
  note: string | null;
}

export interface MilestoneTables {
  milestone_templates: MilestoneTemplatesTable;
  study_site_milestones: StudySiteMilestonesTable;
}

export type MilestoneTemplateRow = Selectable<MilestoneTemplatesTable>;
export type StudySiteMilestoneRow = Selectable<StudySiteMilestonesTable>;
