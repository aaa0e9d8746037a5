import type { Kysely } from 'kysely';
import { addDays } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import { staffRoleOf, unsafeReadCompletenessFacts } from './completeness.repo.js';

export const completenessStatuses = ['complete', 'expiring', 'expired', 'pending', 'missing', 'waived'] as const;
export type CompletenessStatus = (typeof completenessStatuses)[number];

export interface CompletenessItem {
  artifactNumber: string;
  artifactName: string;
  appliesTo: 'site' | 'principal_investigator' | 'sub_investigator';
  personId: string | null;
  personName: string | null;
  status: CompletenessStatus;
  documentId: string | null;
  expiryDate: string | null;
  waiverReason: string | null;
}

export interface SiteInStudy {
  studySiteId: string;
  siteId: string;
  siteName: string;
  siteNumber: string;
  /** The site's IANA zone: one site's file is judged on its own day. */
  timeZone: string;
}

export type StudySiteCompleteness = SiteInStudy &
  Record<CompletenessStatus, number> & { expected: number; percent: number; items: CompletenessItem[] };

/**
 * What a study expects of each site and of each investigator there, against what is filed.
 * A few set-wise queries for all sites at once (rules, staff, documents, waivers), never one
 * per site; the status of each expected item is computed here, never stored.
 */
export async function computeCompleteness(
  db: Kysely<DB>,
  studyId: string,
  sites: SiteInStudy[],
  today: string,
  expiringWithinDays: number,
): Promise<StudySiteCompleteness[]> {
  if (sites.length === 0) return [];
  const { rules, staff, documents, waivers } = await unsafeReadCompletenessFacts(db, studyId, sites, today);
  const expiringBy = addDays(today, expiringWithinDays);
  // Indexes built once, so each expected item is a lookup rather than a scan of every document.
  const siteDocuments = groupBy(
    documents.filter((d) => d.person_id === null),
    (d) => `${d.site_id}|${d.artifact_number}`,
  );
  const personDocuments = groupBy(
    documents.filter((d) => d.person_id !== null),
    (d) => `${d.person_id}|${d.artifact_number}`,
  );
  const staffBySite = groupBy(staff, (s) => `${s.site_id}|${s.role}`);
  const waiverOf = new Map(waivers.map((w) => [`${w.site_id}|${w.person_id}|${w.artifact_number}`, w]));

  return sites.map((site) => {
    const items: CompletenessItem[] = [];
    for (const rule of rules) {
      const appliesTo = rule.applies_to as CompletenessItem['appliesTo'];
      const people =
        appliesTo === 'site' ? [{ person_id: null, full_name: null }] : (staffBySite.get(`${site.siteId}|${staffRoleOf[appliesTo]}`) ?? []);
      for (const person of people) {
        // A site's document is filed for the site; an investigator's follows the person across sites.
        const candidates =
          (person.person_id === null
            ? siteDocuments.get(`${site.siteId}|${rule.artifact_number}`)
            : personDocuments.get(`${person.person_id}|${rule.artifact_number}`)) ?? [];
        const waiver = waiverOf.get(`${site.siteId}|${person.person_id}|${rule.artifact_number}`);
        items.push(itemFor(rule.artifact_number, rule.name, appliesTo, person, candidates, waiver, today, expiringBy));
      }
    }
    const counts = Object.fromEntries(completenessStatuses.map((s) => [s, items.filter((i) => i.status === s).length])) as Record<
      CompletenessStatus,
      number
    >;
    const satisfied = counts.complete + counts.expiring + counts.waived;
    return {
      ...site,
      ...counts,
      expected: items.length,
      percent: items.length ? Math.round((satisfied / items.length) * 100) : 100,
      items,
    };
  });
}

type DocumentFact = { id: string; approved_version_id: string | null; approved_expiry_date: string | null; review_status: string | null };

function itemFor(
  artifactNumber: string,
  artifactName: string,
  appliesTo: CompletenessItem['appliesTo'],
  person: { person_id: string | null; full_name: string | null },
  candidates: DocumentFact[],
  waiver: { reason: string } | undefined,
  today: string,
  expiringBy: string,
): CompletenessItem {
  const base = { artifactNumber, artifactName, appliesTo, personId: person.person_id, personName: person.full_name, waiverReason: null };
  const approved = candidates
    .filter((d) => d.approved_version_id)
    .sort((a, b) => (b.approved_expiry_date ?? '9999-12-31').localeCompare(a.approved_expiry_date ?? '9999-12-31'))[0];
  const current = approved && (approved.approved_expiry_date === null || approved.approved_expiry_date >= today);
  if (approved && current) {
    const expiring = approved.approved_expiry_date !== null && approved.approved_expiry_date <= expiringBy;
    return { ...base, status: expiring ? 'expiring' : 'complete', documentId: approved.id, expiryDate: approved.approved_expiry_date };
  }
  if (waiver)
    return {
      ...base,
      status: 'waived',
      documentId: approved?.id ?? null,
      expiryDate: approved?.approved_expiry_date ?? null,
      waiverReason: waiver.reason,
    };
  const pending = candidates.find((d) => d.review_status === 'submitted');
  if (pending) return { ...base, status: 'pending', documentId: pending.id, expiryDate: null };
  if (approved) return { ...base, status: 'expired', documentId: approved.id, expiryDate: approved.approved_expiry_date };
  return { ...base, status: 'missing', documentId: candidates[0]?.id ?? null, expiryDate: null };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
