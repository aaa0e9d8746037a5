import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import { toColumns } from '../../platform/db/columns.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { forbidden, notFound, preconditionFailed } from '../../platform/errors.js';
import { canChangePerson, findVisiblePerson, toPerson } from './person.repo.js';
import type { Person, UpdatePerson } from './person.schemas.js';

export async function updatePerson(
  db: Kysely<DB>,
  ctx: RequestContext,
  id: string,
  expectedVersion: number,
  { reason, ...input }: UpdatePerson,
): Promise<Person> {
  return db.transaction().execute(async (tx) => {
    const current = await findVisiblePerson(tx, ctx, id);
    if (!current) throw notFound('person');
    if (!(await canChangePerson(tx, ctx.actor, 'person.write', current))) throw forbidden();
    if (current.version !== expectedVersion) throw preconditionFailed();
    await updateVersioned(
      tx,
      'people',
      id,
      expectedVersion,
      toColumns(input, { fullName: 'full_name', email: 'email', professionalTitle: 'professional_title' }),
      ctx.now(),
    );
    const row = await findVisiblePerson(tx, ctx, id);
    if (!row) throw notFound('person');
    const after = toPerson(row);
    await writeAuditEvent(tx, ctx, {
      entityType: 'person',
      entityId: id,
      action: 'update',
      changes: diffChanges(toPerson(current), after, ['organizationName', 'version', 'createdAt', 'updatedAt']),
      reason,
    });
    return after;
  });
}
