import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { can } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { toColumns } from '../../platform/db/columns.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { forbidden, invalidField, notFound, preconditionFailed } from '../../platform/errors.js';
import { findVisibleUser } from '../users/user.repo.js';
import { canChangePerson, findVisiblePerson, toPerson } from './person.repo.js';
import type { Person, UpdatePerson } from './person.schemas.js';

export async function updatePerson(
  db: Kysely<DB>,
  ctx: RequestContext,
  id: string,
  expectedVersion: number,
  { reason, ...input }: UpdatePerson,
): Promise<Person> {
  try {
    return await db.transaction().execute(async (tx) => {
      const current = await findVisiblePerson(tx, ctx, id);
      if (!current) throw notFound('person');
      if (!(await canChangePerson(tx, ctx.actor, 'person.write', current))) throw forbidden();
      if (current.version !== expectedVersion) throw preconditionFailed();
      if (input.userId !== undefined) {
        // Tying a login to a person decides whose signature counts as theirs: identity administrators only.
        if (!can(ctx.actor, 'user.write', { organizationIds: [current.organization_id] }))
          throw forbidden('Only user administrators link a login to a person.');
        if (input.userId && !(await findVisibleUser(tx, ctx, input.userId))) throw invalidField('/userId', 'No such user.');
      }
      await updateVersioned(
        tx,
        'people',
        id,
        expectedVersion,
        toColumns(input, { fullName: 'full_name', email: 'email', professionalTitle: 'professional_title', userId: 'user_id' }),
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
  } catch (error) {
    rethrowUniqueViolation(error, { people_user_id_key: { pointer: '/userId', detail: 'This login belongs to another person already.' } });
  }
}
