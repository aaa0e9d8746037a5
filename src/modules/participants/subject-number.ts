import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { findParticipantSettings } from './participant-settings.repo.js';

export const defaultSubjectNumberFormat = '{site}-{seq:3}';

const tokenPattern = /\{([^{}]*)\}/g;

/**
 * Why a subject number format is unusable, or null when it is fine: tokens are {site},
 * {study} and {seq:N} (N from 1 to 9); exactly one {seq…}, or two participants of a site
 * could get the same number.
 */
export function subjectNumberFormatProblem(format: string): string | null {
  let seqTokens = 0;
  for (const [, token] of format.matchAll(tokenPattern)) {
    if (token === 'site' || token === 'study') continue;
    if (token !== undefined && /^seq:[1-9]$/.test(token)) seqTokens += 1;
    else return `Unknown token {${token}}: use {site}, {study} and {seq:N} with N from 1 to 9.`;
  }
  if (format.replace(tokenPattern, '').match(/[{}]/)) return 'A brace that opens no token: use {site}, {study} and {seq:N}.';
  if (seqTokens !== 1) return 'Must contain {seq:N} exactly once (the per-site sequence, N digits), e.g. {site}-{seq:3}.';
  return null;
}

export function formatSubjectNumber(format: string, values: { site: string; study: string; seq: number }): string {
  return format.replace(tokenPattern, (_, token: string) => {
    if (token === 'site') return values.site;
    if (token === 'study') return values.study;
    return String(values.seq).padStart(Number(token.slice(4)), '0');
  });
}

export async function subjectNumberFormatOf(db: Kysely<DB>, studyId: string): Promise<{ format: string; version: number }> {
  const row = await findParticipantSettings(db, studyId);
  return row ? { format: row.subject_number_format, version: row.version } : { format: defaultSubjectNumberFormat, version: 0 };
}
