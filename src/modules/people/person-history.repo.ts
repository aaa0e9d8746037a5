import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { findVisibleSite } from '../sites/site.repo.js';

/** History reader (people.module.ts): a staff role's history is visible to whoever sees its site. */
export async function canReadSiteStaffHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  const staff = await db.selectFrom('site_staff').select('site_id').where('id', '=', id).executeTakeFirst();
  return Boolean(staff && (await findVisibleSite(db, ctx, staff.site_id)));
}
