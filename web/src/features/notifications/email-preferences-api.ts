import { useQuery } from '@tanstack/react-query';
import { answer, api } from '../../app/api-client';
import type { Answer } from '../../app/api-types';

/** How the signed-in user receives each kind of message by e-mail. */
export type EmailPreferences = Answer<'/api/me/email-preferences'>;
export type EmailSetting = EmailPreferences['items'][number]['setting'];
export type EmailPreferenceChange = { kind: EmailPreferences['items'][number]['kind']; setting: EmailSetting };

export const emailPreferencesKey = ['me', 'email-preferences'] as const;

export function useEmailPreferences() {
  return useQuery({
    queryKey: emailPreferencesKey,
    queryFn: ({ signal }) => answer(api.GET('/api/me/email-preferences', { signal })),
  });
}

export const saveEmailPreferences = (items: EmailPreferenceChange[]) => answer(api.PUT('/api/me/email-preferences', { body: { items } }));
