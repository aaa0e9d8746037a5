import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { listUnsignedDelegationEntries } from '../delegation/delegation-work.repo.js';
import { listEligibilityAwaitingConfirmation, listOpenReconsentTasks } from '../participants/participant-work.repo.js';
import type { StudySiteJoined } from '../study-sites/study-site.repo.js';
import { type SiteDay, totalOf, type WorkRows } from '../study-sites/work-rows.js';
import { listOpenDeviations, listVisitWork, type VisitWorkKind, type VisitWorkRow } from '../visits/visit-work.repo.js';
import { type WorkItem, type WorkSection, workItemLimit } from './worklist.schemas.js';

/** The study-sites a section runs over, by id, with each one's today. */
export interface StudySiteSet {
  studySites: StudySiteJoined[];
  byId: Map<string, StudySiteJoined>;
  ids: string[];
  days: SiteDay[];
  /** Where an item is: its study and site, for the item's line. */
  at(studySiteId: string): Pick<WorkItem, 'studyId' | 'studyShortName' | 'studySiteId' | 'siteName'>;
}

export function studySiteSet(studySites: StudySiteJoined[], today: Map<string, string>): StudySiteSet {
  const byId = new Map(studySites.map((ss) => [ss.id, ss]));
  return {
    studySites,
    byId,
    ids: studySites.map((ss) => ss.id),
    days: studySites.map((ss) => ({ studySiteId: ss.id, today: today.get(ss.id) ?? '' })),
    at(studySiteId) {
      const ss = byId.get(studySiteId);
      return ss
        ? { studyId: ss.study_id, studyShortName: ss.study_short_name, studySiteId: ss.id, siteName: ss.site_name }
        : { studyId: null, studyShortName: null, studySiteId, siteName: null };
    },
  };
}

export function section(
  key: WorkSection['key'],
  text: { title: string; description: string; listLink?: string | null; open?: boolean },
  work: WorkRows<unknown>,
  items: WorkItem[],
): WorkSection {
  return {
    key,
    title: text.title,
    description: text.description,
    count: totalOf(work.counts),
    open: text.open ?? true,
    listLink: text.listLink ?? null,
    items,
  };
}

const none = { detail: null, date: null, window: null, status: null };

function windowStatus(kind: VisitWorkKind, row: VisitWorkRow): WorkItem['status'] {
  const last = row.window_end ?? row.target_date;
  if (kind === 'missed') return { label: 'Missed', tone: 'red' };
  if (kind === 'overdue') return { label: 'Window closed', tone: 'red' };
  if (last === row.today) return { label: 'Last day of window', tone: 'orange' };
  if (row.target_date === row.today) return { label: 'Due today', tone: 'blue' };
  if (row.window_start && row.window_start > row.today) return { label: 'Window not open yet', tone: 'gray' };
  if (row.target_date && row.target_date < row.today) return { label: 'Past target day, in window', tone: 'yellow' };
  return { label: 'In window', tone: 'green' };
}

const visitTexts: Record<VisitWorkKind, { title: string; description: string; open: boolean }> = {
  today: { title: "Today's visits", description: 'Due today, or today is the last day of the window (site calendar day).', open: true },
  week: {
    title: 'This week',
    description: 'Due in the next six days, or past the target day with the window closing in them.',
    open: false,
  },
  overdue: {
    title: 'Overdue visits',
    description: 'Still scheduled after the last day of the window: complete or record them.',
    open: true,
  },
  missed: { title: 'Missed visits', description: 'Recorded missed in the last 30 days: follow up with the participant.', open: true },
};

export async function visitSection(db: Kysely<DB>, ctx: RequestContext, sites: StudySiteSet, kind: VisitWorkKind): Promise<WorkSection> {
  const work = await listVisitWork(db, ctx, sites.days, kind, workItemLimit);
  return section(
    `visits_${kind}`,
    { ...visitTexts[kind], listLink: '/calendar' },
    work,
    work.rows.map((row) => ({
      id: row.id,
      title: `${row.subject_number} · ${row.name}`,
      link: `/participants/${row.participant_id}`,
      ...sites.at(row.study_site_id),
      detail: null,
      date: row.target_date,
      window: row.window_start && row.window_end ? { start: row.window_start, end: row.window_end } : null,
      status: windowStatus(kind, row),
    })),
  );
}

export async function reconsentSection(db: Kysely<DB>, ctx: RequestContext, sites: StudySiteSet): Promise<WorkSection> {
  const work = await listOpenReconsentTasks(db, ctx, sites.ids, workItemLimit);
  return section(
    'reconsent_due',
    {
      title: 'Re-consent due',
      description: 'A revised consent form is approved at the site: a visit before re-consent records a deviation.',
      listLink: '/participants',
    },
    work,
    work.rows.map((row) => {
      const today = sites.days.find((d) => d.studySiteId === row.study_site_id)?.today ?? '';
      return {
        id: row.id,
        title: `${row.subject_number} · consent form ${row.version_label} (${row.language})`,
        link: `/participants/${row.participant_id}`,
        ...sites.at(row.study_site_id),
        ...none,
        date: row.due_from,
        status: row.due_from <= today ? { label: 'Due now', tone: 'red' } : { label: 'Due soon', tone: 'yellow' },
      };
    }),
  );
}

export async function eligibilitySection(
  db: Kysely<DB>,
  ctx: RequestContext,
  sites: StudySiteSet,
  as: 'waiting' | 'to_confirm',
): Promise<WorkSection> {
  const work = await listEligibilityAwaitingConfirmation(
    db,
    ctx,
    sites.ids,
    workItemLimit,
    as === 'waiting' ? 'eligibility.confirm' : undefined,
  );
  const text =
    as === 'waiting'
      ? {
          title: 'Eligibility waiting for the investigator',
          description: 'Consented, criteria answered: the investigator has not confirmed eligibility yet.',
        }
      : { title: 'Eligibility to confirm', description: 'Consented, criteria answered: confirm eligibility with your signature.' };
  return section(
    as === 'waiting' ? 'eligibility_waiting' : 'eligibility_to_confirm',
    { ...text, listLink: '/participants' },
    work,
    work.rows.map((row) => ({
      id: row.id,
      title: `${row.subject_number} · eligibility`,
      link: `/participants/${row.id}`,
      ...sites.at(row.study_site_id),
      ...none,
      detail: 'Consented',
      date: row.consented_on,
      status: as === 'waiting' ? { label: 'Waiting for investigator', tone: 'yellow' } : { label: 'Signature needed', tone: 'orange' },
    })),
  );
}

export async function delegationSection(
  db: Kysely<DB>,
  ctx: RequestContext,
  sites: StudySiteSet,
  as: 'waiting' | 'to_sign',
): Promise<WorkSection> {
  const work = await listUnsignedDelegationEntries(db, ctx, sites.ids, workItemLimit);
  const text =
    as === 'waiting'
      ? { title: "Delegation entries waiting for the PI's signature", description: 'Until signed, the tasks are not validly delegated.' }
      : { title: 'Delegation entries to sign', description: 'Entries of your delegation log that your signature does not cover.' };
  return section(
    as === 'waiting' ? 'delegation_waiting' : 'delegation_to_sign',
    text,
    work,
    work.rows.map((row) => {
      const ss = sites.byId.get(row.study_site_id);
      return {
        id: row.id,
        title: `${row.person_name} · ${row.tasks.length} task${row.tasks.length === 1 ? '' : 's'}`,
        link: ss ? `/studies/${ss.study_id}/sites/${ss.id}/delegation` : '/studies',
        ...sites.at(row.study_site_id),
        ...none,
        detail: row.tasks.map((task) => task.replaceAll('_', ' ')).join(', '),
        date: row.start_date,
        status: row.changed_since_signed ? { label: 'Changed since signed', tone: 'orange' } : { label: 'Not signed', tone: 'yellow' },
      };
    }),
  );
}

export async function deviationSection(
  db: Kysely<DB>,
  ctx: RequestContext,
  sites: StudySiteSet,
  as: 'to_assess' | 'awaiting',
): Promise<WorkSection> {
  const work = await listOpenDeviations(db, ctx, sites.ids, workItemLimit);
  const text =
    as === 'to_assess'
      ? { title: 'Deviations to assess', description: 'Reported or found deviations without an assessment of their importance.' }
      : { title: 'Deviations awaiting assessment', description: 'Open at your sites; the investigator, monitor or sponsor assesses them.' };
  return section(
    as === 'to_assess' ? 'deviations_to_assess' : 'deviations_awaiting',
    { ...text, listLink: '/deviations?dstatus=open' },
    work,
    work.rows.map((row) => {
      const ss = sites.byId.get(row.study_site_id);
      const list = ss ? `/deviations?dstatus=open&dstudyId=${ss.study_id}&dstudySiteId=${ss.id}` : '/deviations?dstatus=open';
      return {
        id: row.id,
        title: `${row.subject_number ?? 'Site'} · ${row.category.replaceAll('_', ' ')}`,
        link: row.participant_id ? `/participants/${row.participant_id}` : list,
        ...sites.at(row.study_site_id),
        ...none,
        detail: row.description,
        date: row.occurred_on,
        status: { label: 'Open', tone: 'orange' },
      };
    }),
  );
}
