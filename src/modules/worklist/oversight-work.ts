import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { listDocumentsInReview } from '../documents/document-work.repo.js';
import { findStudyForEnrollment, totalsOfStudySites } from '../enrollment/enrollment.repo.js';
import { listLateMilestones } from '../milestones/milestone-work.repo.js';
import { listExpiring } from '../notifications/list-expiring.js';
import type { WorkRows } from '../study-sites/work-rows.js';
import { type StudySiteSet, section } from './site-work.js';
import { type MyWork, type WorkSection, workItemLimit } from './worklist.schemas.js';

/** A person's document or training names them, unless its title does already. */
const withPerson = (title: string, person: string | null) => (person && !title.includes(person) ? `${title} – ${person}` : title);

/** Documents the caller reviews (submitted) or files again (returned), each linked to its page. */
export async function documentSection(
  db: Kysely<DB>,
  ctx: RequestContext,
  as: 'to_review' | 'returned',
  keep?: (document: { study_id: string; study_site_id: string | null }) => boolean,
): Promise<WorkSection> {
  const work =
    as === 'to_review'
      ? await listDocumentsInReview(db, ctx, 'submitted', 'document.approve', workItemLimit, keep)
      : await listDocumentsInReview(db, ctx, 'returned', 'document.write', workItemLimit, keep);
  const text =
    as === 'to_review'
      ? {
          title: 'Documents to approve',
          description: 'Submitted versions waiting for your review: approve with your signature, or return.',
        }
      : { title: 'Documents returned', description: "Returned by the reviewer: file a new version that answers the reviewer's note." };
  return section(
    as === 'to_review' ? 'documents_to_review' : 'documents_returned',
    text,
    work,
    work.rows.map((row) => ({
      id: row.id,
      title: withPerson(row.title, row.person_name),
      link: `/documents/${row.id}`,
      studyId: row.study_id,
      studyShortName: row.study_short_name,
      studySiteId: row.study_site_id,
      siteName: row.site_name,
      detail: as === 'returned' && row.review_note ? `Version ${row.version_number}: ${row.review_note}` : `Version ${row.version_number}`,
      date: row.changed_at.toISOString().slice(0, 10),
      window: null,
      status: as === 'to_review' ? { label: 'Submitted', tone: 'blue' } : { label: 'Returned', tone: 'orange' },
    })),
  );
}

/** The notification bell's expiring documents and training, as a section (the same query). */
export async function expiringSection(db: Kysely<DB>, ctx: RequestContext): Promise<WorkSection> {
  const expiring = await listExpiring(db, ctx, { withinDays: 60 });
  const shown = expiring.items.slice(0, workItemLimit);
  const work: WorkRows<unknown> = { rows: [], counts: new Map([['all', expiring.counts.expired + expiring.counts.expiring]]) };
  return section(
    'documents_expiring',
    {
      title: 'Documents and training expiring',
      description: 'Approved documents and staff training that expired, or expire within 60 days: file the renewal.',
    },
    work,
    shown.map((item) => ({
      id: item.documentId ?? item.trainingRecordId ?? item.link,
      title: item.kind === 'training' ? withPerson(item.title, item.personName) : item.title,
      link: item.link,
      studyId: item.studyId,
      studyShortName: item.kind === 'training' ? 'Training' : item.studyShortName,
      studySiteId: null,
      siteName: item.siteName,
      detail: item.kind === 'document' ? item.personName : null,
      date: item.expiresOn,
      window: null,
      status: item.status === 'expired' ? { label: 'Expired', tone: 'red' } : { label: 'Expiring', tone: 'yellow' },
    })),
  );
}

/** Study-sites in start-up with milestones past their planned date, one item each. */
export async function startupSection(db: Kysely<DB>, ctx: RequestContext, sites: StudySiteSet): Promise<WorkSection> {
  const late = await listLateMilestones(db, ctx, sites.days);
  const bySite = new Map<string, typeof late>();
  for (const row of late) bySite.set(row.study_site_id, [...(bySite.get(row.study_site_id) ?? []), row]);
  const counts = new Map([...bySite].map(([studySiteId]) => [studySiteId, 1]));
  const items = [...bySite].slice(0, workItemLimit).map(([studySiteId, rows]) => {
    const ss = sites.byId.get(studySiteId);
    return {
      id: studySiteId,
      title: `${ss?.site_name ?? 'Site'} · ${rows.length} late milestone${rows.length === 1 ? '' : 's'}`,
      link: ss ? `/studies/${ss.study_id}/sites/${ss.id}` : '/studies',
      ...sites.at(studySiteId),
      detail: rows.map((row) => row.name).join(', '),
      date: rows[0]?.planned_date ?? null,
      window: null,
      status: { label: 'Behind plan', tone: 'red' as const },
    };
  });
  return section(
    'startup_behind',
    { title: 'Sites behind on start-up', description: 'Milestones whose planned date has passed without an actual date.' },
    { rows: [], counts },
    items,
  );
}

/** Enrollment against target for each study the caller oversees, over the study-sites they read. */
export async function studyEnrollment(
  db: Kysely<DB>,
  ctx: RequestContext,
  sites: StudySiteSet,
): Promise<NonNullable<MyWork['enrollment']>> {
  const totals = new Map((await totalsOfStudySites(db, ctx, sites.ids)).map((row) => [row.study_site_id, row]));
  const byStudy = new Map<string, typeof sites.studySites>();
  for (const ss of sites.studySites) byStudy.set(ss.study_id, [...(byStudy.get(ss.study_id) ?? []), ss]);
  const studies = [];
  for (const [studyId, studySites] of byStudy) {
    const study = await findStudyForEnrollment(db, ctx, studyId);
    if (!study) continue;
    const siteTargets = studySites.map((ss) => ss.target_enrollment).filter((t): t is number => t !== null);
    studies.push({
      studyId,
      studyShortName: studySites[0]?.study_short_name ?? '',
      enrolled: studySites.reduce((sum, ss) => sum + (totals.get(ss.id)?.enrolled ?? 0), 0),
      screened: studySites.reduce((sum, ss) => sum + (totals.get(ss.id)?.screened ?? 0), 0),
      target: study.enrollment_target ?? (siteTargets.length ? siteTargets.reduce((a, b) => a + b, 0) : null),
      studySites: studySites.length,
      link: `/studies/${studyId}?tab=enrollment`,
    });
  }
  return studies;
}
