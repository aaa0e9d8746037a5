import { z } from 'zod';

/**
 * CSV import of participants and their visits, for studies moving into Trialdesk from another
 * system. Two spreadsheets, one request, all-or-nothing: either every row is valid and all of it
 * is written in one transaction, or nothing is and every error is listed by file, row and column.
 */

export const participantStatuses = [
  'screening',
  'screen_failed',
  'enrolled',
  'on_treatment',
  'follow_up',
  'completed',
  'withdrawn',
  'lost_to_follow_up',
] as const;

/** The participants file's columns, in the order of the template; * marks the required ones. */
export const participantColumns = [
  'subject_number*',
  'status*',
  'screened_on*',
  'consent_language',
  'consented_on',
  'icf_version',
  'consent_obtained_by',
  'screen_failed_on',
  'screen_fail_reason',
  'enrolled_on',
  'randomization_number',
  'completed_on',
  'withdrawn_on',
  'withdrawal_scope',
  'withdrawal_reason',
  'lost_on',
  'coordinator_email',
  'full_name',
  'date_of_birth',
  'phone',
  'email',
] as const;

export const visitColumns = ['subject_number*', 'visit_code*', 'status*', 'actual_date', 'notes'] as const;

/** Column names as they appear in the header (without the required marker). */
export const columnName = (column: string) => column.replace(/\*$/, '');

export const importRequest = z.object({
  participantsCsv: z.string().min(1, { message: 'Attach the participants file.' }).max(10_000_000),
  visitsCsv: z.string().max(20_000_000).optional(),
  /** Check everything and report what would be written, without writing it. */
  dryRun: z.boolean().default(false),
});
export type ImportRequest = z.infer<typeof importRequest>;

export const importResult = z.object({
  dryRun: z.boolean(),
  participants: z.number().int(),
  consents: z.number().int(),
  visitsScheduled: z.number().int(),
  visitsRecorded: z.number().int(),
  subjectNumbers: z.array(z.string()),
});
export type ImportResult = z.infer<typeof importResult>;
