import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { listQueryWork } from '../data-queries/data-query-work.repo.js';
import { type StudySiteSet, section } from './site-work.js';
import { type WorkSection, workItemLimit } from './worklist.schemas.js';

const texts = {
  to_answer: {
    key: 'queries_to_answer',
    status: 'open',
    title: 'Queries to answer',
    description: 'Questions about participant data from the monitor, data management or an edit check, oldest first.',
  },
  to_close: {
    key: 'queries_to_close',
    status: 'answered',
    title: 'Answered queries to close',
    description: 'The site has answered: close the query, or re-open it with what is still unclear.',
  },
} as const;

/** The site's open queries to answer, or the answered ones the monitor or data manager closes. */
export async function querySection(db: Kysely<DB>, ctx: RequestContext, sites: StudySiteSet, as: keyof typeof texts): Promise<WorkSection> {
  const text = texts[as];
  const work = await listQueryWork(db, ctx, sites.ids, text.status, workItemLimit);
  const listLink = `/queries?qstatus=${text.status}`;
  return section(
    text.key,
    { title: text.title, description: text.description, listLink },
    work,
    work.rows.map((row) => ({
      id: row.id,
      title: `${row.subject_number} · ${[row.visit_code, row.form_oid, row.item_oid].filter(Boolean).join(' · ') || 'casebook'}`,
      link: `/participants/${row.participant_id}`,
      ...sites.at(row.study_site_id),
      detail: row.text,
      date: row.due_on ?? row.opened_on,
      window: null,
      status:
        row.due_on && row.due_on < (sites.days.find((d) => d.studySiteId === row.study_site_id)?.today ?? '')
          ? { label: 'Overdue', tone: 'red' }
          : { label: as === 'to_answer' ? 'Open' : 'Answered', tone: as === 'to_answer' ? 'orange' : 'blue' },
    })),
  );
}
