import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import { addDays, utcDate } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';

import { type ExpiryWindow, expiringDocuments, expiringTraining } from './notifications.repo.js';
import {
  type ExpiringItem,
  type ExpiringQuery,
  type ExpiringResponse,
  expiredLookbackDays,
  expiringLimit,
} from './notifications.schemas.js';

const dayMs = 24 * 60 * 60 * 1000;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);
}

function judged(asOf: string, expiresOn: string): Pick<ExpiringItem, 'status' | 'expiresOn' | 'daysLeft'> {
  // Valid through its expiry day, as training-needs.ts and completeness judge it.
  return { status: expiresOn < asOf ? 'expired' : 'expiring', expiresOn, daysLeft: daysBetween(asOf, expiresOn) };
}

const total = (value: string | number | undefined) => Number(value ?? 0);

/**
 * What the caller can see that is expiring within `withinDays` or expired in the last year:
 * approved documents and staff training, soonest first. ICH E6(R3) 2.3 and 3.6: the site
 * keeps staff qualified and its essential records current, so lapses must surface early.
 */
export async function listExpiring(db: Kysely<DB>, ctx: RequestContext, query: ExpiringQuery): Promise<ExpiringResponse> {
  const asOf = utcDate(ctx.now());
  const window: ExpiryWindow = {
    asOf,
    from: addDays(asOf, -expiredLookbackDays),
    to: addDays(asOf, query.withinDays),
    limit: expiringLimit,
  };
  const [documents, training] = [await expiringDocuments(db, ctx, window), await expiringTraining(db, ctx, window)];

  const items: ExpiringItem[] = [
    ...documents.map(
      (row): ExpiringItem => ({
        kind: 'document',
        ...judged(asOf, row.expires_on ?? asOf),
        title: row.title,
        artifactNumber: row.artifact_number,
        personId: row.person_id,
        personName: row.person_name,
        studyId: row.study_id,
        studyShortName: row.study_short_name,
        siteId: row.site_id,
        siteName: row.site_name,
        documentId: row.id,
        trainingRecordId: null,
        link: `/documents/${row.id}`,
      }),
    ),
    ...training.map(
      (row): ExpiringItem => ({
        kind: 'training',
        ...judged(asOf, row.expires_on ?? asOf),
        title: row.title,
        artifactNumber: null,
        personId: row.person_id,
        personName: row.person_name,
        studyId: row.study_id,
        studyShortName: row.study_short_name,
        // A person's training goes with them to every site they work at.
        siteId: null,
        siteName: null,
        documentId: null,
        trainingRecordId: row.id,
        link: `/people/${row.person_id}`,
      }),
    ),
  ];
  items.sort(
    (a, b) =>
      a.expiresOn.localeCompare(b.expiresOn) ||
      a.kind.localeCompare(b.kind) ||
      a.title.localeCompare(b.title) ||
      (a.documentId ?? a.trainingRecordId ?? '').localeCompare(b.documentId ?? b.trainingRecordId ?? ''),
  );

  const counts = {
    expiring: total(documents[0]?.total_expiring) + total(training[0]?.total_expiring),
    expired: total(documents[0]?.total_expired) + total(training[0]?.total_expired),
  };
  const shown = items.slice(0, expiringLimit);
  return { asOf, withinDays: query.withinDays, counts, truncated: counts.expiring + counts.expired > shown.length, items: shown };
}
