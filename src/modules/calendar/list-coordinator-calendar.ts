import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { invalidField } from '../../platform/errors.js';
import { listCalendarVisits } from './calendar.repo.js';
import type { Calendar, MyCalendarQuery } from './calendar.schemas.js';

/**
 * A coordinator's calendar across sites and studies: the visits of the participants they
 * coordinate. Asking for someone else's shows only the study-sites whose participants the
 * caller may read, so a colleague's calendar never reveals another sponsor's study.
 */
export async function listCoordinatorCalendar(db: Kysely<DB>, ctx: RequestContext, query: MyCalendarQuery): Promise<Calendar> {
  const coordinatorUserId = query.coordinatorUserId ?? (ctx.actor.kind === 'user' ? ctx.actor.userId : undefined);
  if (!coordinatorUserId) throw invalidField('querystring:/coordinatorUserId', 'Required: whose calendar?');
  const { items, truncated } = await listCalendarVisits(db, ctx, { from: query.from, to: query.to, coordinatorUserId });
  return { from: query.from, to: query.to, items, truncated };
}
