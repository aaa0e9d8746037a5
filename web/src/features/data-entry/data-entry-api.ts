import { useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, answerVersioned, api, ifMatch } from '../../app/api-client';
import type { Answer, RequestBody } from '../../app/api-types';
import type { EnumOption } from '../../lib/enum-labels';

const formPath = '/api/participant-visits/{id}/forms/{formOid}' as const;

export type ParticipantForms = Answer<'/api/participants/{id}/forms'>;
export type VisitForms = ParticipantForms['visits'][number];
export type FormEntry = Answer<typeof formPath>;
export type FormGroup = FormEntry['itemGroups'][number];
export type FormItem = FormGroup['items'][number];
export type SaveFormEntry = RequestBody<typeof formPath, 'put'>;
export type SavedFormEntry = Answer<typeof formPath, 'put'>;
export type FormStatus = VisitForms['forms'][number]['status'];

export const formStatusOptions: readonly EnumOption<FormStatus>[] = [
  { value: 'not_started', label: 'Not started', color: 'gray' },
  { value: 'draft', label: 'Draft', color: 'yellow' },
  { value: 'saved', label: 'Saved', color: 'green' },
];

export const dataEntryKeys = {
  all: ['data-entry'] as const,
  participant: (participantId: string) => ['data-entry', 'participant', participantId] as const,
  form: (visitId: string, formOid: string, lang: string | null) => ['data-entry', 'form', visitId, formOid, lang ?? ''] as const,
};

export function useParticipantForms(participantId: string) {
  return useQuery({
    queryKey: dataEntryKeys.participant(participantId),
    queryFn: ({ signal }) => answer(api.GET('/api/participants/{id}/forms', { params: { path: { id: participantId } }, signal })),
  });
}

/** A form and its values, texts in `lang` (the metadata's default language when null). */
export function useFormEntry(visitId: string, formOid: string, lang: string | null) {
  return useQuery({
    queryKey: dataEntryKeys.form(visitId, formOid, lang),
    queryFn: ({ signal }) =>
      answerVersioned(api.GET(formPath, { params: { path: { id: visitId, formOid }, query: lang ? { lang } : {} }, signal })),
  });
}

/** Saves the form; the answer carries the entry's new version (its ETag) for the next save. */
export const saveFormEntry = (
  visitId: string,
  formOid: string,
  etag: string,
  body: SaveFormEntry,
  lang: string | null,
): Promise<SavedFormEntry> =>
  answer(api.PUT(formPath, { params: { path: { id: visitId, formOid }, query: lang ? { lang } : {} }, body, headers: ifMatch(etag) }));

export function useInvalidateDataEntry() {
  const queryClient = useQueryClient();
  return () => {
    queryClient.invalidateQueries({ queryKey: dataEntryKeys.all });
    queryClient.invalidateQueries({ queryKey: ['audit'] });
  };
}

/** The key of one value in the form: group, row, item (as the server's audit names it). */
export const valueKey = (groupOid: string, repeatKey: number, itemOid: string) => `${groupOid}[${repeatKey}].${itemOid}`;
