import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

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
  const row = await db
    .selectFrom('participant_settings')
    .select(['subject_number_format', 'version'])
    .where('study_id', '=', studyId)
    .executeTakeFirst();
  return row ? { format: row.subject_number_format, version: row.version } : { format: defaultSubjectNumberFormat, version: 0 };
}

/**
 * Takes the study-site's next sequence number. The counter row is locked FOR UPDATE until the
 * screening transaction ends, so two screenings at once get consecutive numbers, never the same.
 */
export async function takeSubjectSequence(tx: Kysely<DB>, studySiteId: string): Promise<number> {
  await tx
    .insertInto('subject_number_counters')
    .values({ study_site_id: studySiteId })
    .onConflict((oc) => oc.column('study_site_id').doNothing())
    .execute();
  const { next_seq } = await tx
    .selectFrom('subject_number_counters')
    .select('next_seq')
    .where('study_site_id', '=', studySiteId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  await tx
    .updateTable('subject_number_counters')
    .set({ next_seq: next_seq + 1 })
    .where('study_site_id', '=', studySiteId)
    .execute();
  return next_seq;
}
