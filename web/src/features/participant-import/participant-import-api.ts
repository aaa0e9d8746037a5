import { ApiError, answer, api } from '../../app/api-client';
import type { Answer, RequestBody } from '../../app/api-types';
import type { paths } from '../../lib/api-schema';

export type ImportFile = NonNullable<paths['/api/participant-import/templates/{file}']['get']>['parameters']['path']['file'];

/** What an import wrote, or with dryRun what it would write. */
export type ImportResult = Answer<'/api/studies/{id}/sites/{studySiteId}/participant-import', 'post'>;
export type ImportInput = RequestBody<'/api/studies/{id}/sites/{studySiteId}/participant-import', 'post'>;

/** One problem in a file: the header is row 1, so row 2 is the first participant. */
export interface ImportProblem {
  file: ImportFile | null;
  row: number | null;
  column: string | null;
  problem: string;
}

/** The page of the app where a study-site's participants are imported. */
export const participantImportPath = (studyId: string, studySiteId: string) =>
  `/studies/${studyId}/sites/${studySiteId}/participant-import`;

export const templatePath = (file: ImportFile) => `/api/participant-import/templates/${file}`;

export const importParticipants = (studyId: string, studySiteId: string, input: ImportInput) =>
  answer(
    api.POST('/api/studies/{id}/sites/{studySiteId}/participant-import', { params: { path: { id: studyId, studySiteId } }, body: input }),
  );

const fileOfPointer: Record<string, ImportFile> = { '/participantsCsv': 'participants', '/visitsCsv': 'visits' };

/**
 * The file-level problems of a 400 answer, one per error, or null when the answer is not about the
 * files' contents (a network error, a 403 …), which the page shows as an ordinary problem.
 */
export function importProblemsOf(error: unknown): ImportProblem[] | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  const errors = (error.problem.errors ?? []).filter((fieldError) => fieldError.pointer in fileOfPointer);
  if (errors.length === 0) return null;
  return errors.map((fieldError) => ({
    file: fileOfPointer[fieldError.pointer] ?? null,
    row: fieldError.row ?? null,
    column: fieldError.column ?? null,
    // The API repeats the location at the start of the text; the table has columns for it.
    problem: fieldError.detail.replace(/^Row \d+(, column [^:]+)?: /, ''),
  }));
}
