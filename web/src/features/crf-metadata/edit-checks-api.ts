import { useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, api, ifMatch } from '../../app/api-client';
import type { Answer, RequestBody } from '../../app/api-types';

const path = '/api/studies/{id}/protocol-versions/{versionId}/edit-checks' as const;
const rulePath = `${path}/{ruleId}` as const;

export type EditCheckList = Answer<typeof path>;
export type EditCheck = EditCheckList['items'][number];
export type CrfItemRef = EditCheckList['crfItems'][number];
export type NewEditCheck = RequestBody<typeof path, 'post'>;
export type EditCheckChanges = RequestBody<typeof rulePath, 'patch'>;
export type RuleTestRun = Answer<`${typeof rulePath}/run-tests`, 'post'>;
export type RuleTestCase = EditCheck['testCases'][number];

export const editCheckKeys = {
  list: (versionId: string) => ['edit-checks', versionId] as const,
};

export function useEditChecks(studyId: string, versionId: string) {
  return useQuery({
    queryKey: editCheckKeys.list(versionId),
    queryFn: ({ signal }) => answer(api.GET(path, { params: { path: { id: studyId, versionId } }, signal })),
  });
}

export function useInvalidateEditChecks(versionId: string) {
  const queryClient = useQueryClient();
  return () => {
    queryClient.invalidateQueries({ queryKey: editCheckKeys.list(versionId) });
    queryClient.invalidateQueries({ queryKey: ['audit'] });
  };
}

export const createEditCheck = (studyId: string, versionId: string, body: NewEditCheck) =>
  answer(api.POST(path, { params: { path: { id: studyId, versionId } }, body }));

export const updateEditCheck = (studyId: string, versionId: string, rule: Pick<EditCheck, 'id' | 'version'>, body: EditCheckChanges) =>
  answer(
    api.PATCH(rulePath, { params: { path: { id: studyId, versionId, ruleId: rule.id } }, body, headers: ifMatch(`"${rule.version}"`) }),
  );

export const runEditCheckTests = (studyId: string, versionId: string, ruleId: string) =>
  answer(api.POST(`${rulePath}/run-tests`, { params: { path: { id: studyId, versionId, ruleId } } }));

export const translateRedcap = (studyId: string, versionId: string, logic: string) =>
  answer(api.POST(`${path}/translate-redcap`, { params: { path: { id: studyId, versionId } }, body: { logic } }));

/**
 * A test case's sample values as a person types them: `Age=12; Pregnant=true`. A number stays
 * text: the server types each value by its item, as it does for a form's values.
 */
export function parseSampleValues(text: string): Record<string, string | null> {
  const values: Record<string, string | null> = {};
  for (const pair of text.split(/[;\n]/)) {
    if (!pair.trim()) continue;
    const at = pair.indexOf('=');
    const oid = (at < 0 ? pair : pair.slice(0, at)).trim();
    const value = at < 0 ? '' : pair.slice(at + 1).trim();
    if (oid) values[oid] = value === '' ? null : value;
  }
  return values;
}

export function formatSampleValues(values: RuleTestCase['values']): string {
  return Object.entries(values)
    .map(([oid, value]) => `${oid}=${value ?? ''}`)
    .join('; ');
}
