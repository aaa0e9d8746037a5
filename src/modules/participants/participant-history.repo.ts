import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

/**
 * The user a message was sent to. Messages came with migration 0008 and their history reader
 * sits with this module's until the notifications module declares its own.
 */
export async function recipientOfNotification(db: Kysely<DB>, notificationId: string): Promise<string | undefined> {
  const row = await db.selectFrom('user_notifications').select('user_id').where('id', '=', notificationId).executeTakeFirst();
  return row?.user_id;
}
