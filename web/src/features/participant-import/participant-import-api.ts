import { useQuery } from '@tanstack/react-query';
import { answer, api, apiUpload, type Problem } from '../../app/api-client';
import type { Answer } from '../../app/api-types';
import type { paths } from '../../lib/api-schema';

export type ImportFile = NonNullable<paths['/api/participant-import/templates/{file}']['get']>['parameters']['path']['file'];

/** What an import wrote, or with dryRun what it would write. */
export type ImportResult = Answer<'/api/studies/{id}/sites/{studySiteId}/participant-import', 'post'>;

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

/** An import accepted as a job: its status, its progress, then its result or its problem. */
export type ImportJob = Answer<'/api/participant-imports/{jobId}'>;
export const finishedStatuses: ImportJob['status'][] = ['succeeded', 'failed', 'cancelled'];

/** Uploads the files as they are on disk (multipart): the server streams them, and answers 202 with the job. */
export function startImportJob(studyId: string, studySiteId: string, files: { participants: File; visits?: File }, dryRun: boolean) {
  const form = new FormData();
  form.append('dryRun', String(dryRun));
  form.append('participants', files.participants, files.participants.name);
  if (files.visits) form.append('visits', files.visits, files.visits.name);
  return apiUpload<ImportJob>(`/api/studies/${studyId}/sites/${studySiteId}/participant-imports`, form);
}

/** The job, polled twice a second until it has ended. */
export function useImportJob(started: ImportJob | undefined) {
  return useQuery({
    queryKey: ['participant-import-job', started?.id],
    enabled: Boolean(started),
    queryFn: () => answer(api.GET('/api/participant-imports/{jobId}', { params: { path: { jobId: started?.id ?? '' } } })),
    initialData: started,
    refetchInterval: (query) => (query.state.data && finishedStatuses.includes(query.state.data.status) ? false : 500),
  });
}

export const cancelImportJob = (jobId: string) =>
  answer(api.POST('/api/participant-imports/{jobId}/cancel', { params: { path: { jobId } } }));

const fileOfPointer: Record<string, ImportFile> = { '/participantsCsv': 'participants', '/visitsCsv': 'visits' };

/**
 * The file-level problems of a failed import, one per error, or null when the problem is not
 * about the files' contents (a 403, an error on our side), which the page shows as an ordinary problem.
 */
export function problemsInFiles(problem: Problem): ImportProblem[] | null {
  if (problem.status !== 400) return null;
  const errors = (problem.errors ?? []).filter((fieldError) => fieldError.pointer in fileOfPointer);
  if (errors.length === 0) return null;
  return errors.map((fieldError) => ({
    file: fileOfPointer[fieldError.pointer] ?? null,
    row: fieldError.row ?? null,
    column: fieldError.column ?? null,
    // The API repeats the location at the start of the text; the table has columns for it.
    problem: fieldError.detail.replace(/^Row \d+(, column [^:]+)?: /, ''),
  }));
}
