import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import type { DB } from '../../platform/db/schema.js';
import { invalidField, notFound } from '../../platform/errors.js';
import { findVisibleSite, siteScope } from '../sites/site.repo.js';
import { findStaff, findVisiblePerson, insertPerson, insertStaff, toPerson, toStaff } from './person.repo.js';
import type { AddStaff, Staff } from './person.schemas.js';

export const staffAuditIgnore = ['id', 'siteName', 'siteTimeZone', 'personName', 'professionalTitle', 'version', 'createdAt', 'updatedAt'];

/** Adds a person to a site's staff, creating the person when they are new to Trialdesk. */
export async function addStaffMember(db: Kysely<DB>, ctx: RequestContext, siteId: string, input: AddStaff): Promise<Staff> {
  try {
    return await db.transaction().execute(async (tx) => {
      const site = await findVisibleSite(tx, ctx, siteId);
      if (!site) throw notFound('site');
      assertCan(ctx, 'person.write', siteScope(site));
      let personId = input.personId;
      if (personId) {
        if (!(await findVisiblePerson(tx, ctx, personId))) throw invalidField('/personId', 'No such person.');
      } else if (input.person) {
        // A new person belongs to the site's organization, where they work.
        const id = await insertPerson(tx, {
          organization_id: site.organization_id,
          full_name: input.person.fullName,
          email: input.person.email ?? null,
          professional_title: input.person.professionalTitle ?? null,
        });
        personId = id;
        const person = await findVisiblePerson(tx, ctx, id);
        if (!person) throw notFound('person');
        await writeAuditEvent(tx, ctx, {
          entityType: 'person',
          entityId: id,
          action: 'create',
          changes: diffChanges(null, toPerson(person), ['id', 'organizationName', 'version', 'createdAt', 'updatedAt']),
        });
      }
      if (!personId) throw invalidField('/personId', 'Give either personId or person.');
      const id = await insertStaff(tx, {
        site_id: siteId,
        person_id: personId,
        role: input.role,
        start_date: input.startDate,
        end_date: input.endDate ?? null,
      });
      const row = await findStaff(tx, ctx, siteId, id);
      if (!row) throw notFound('staff member');
      const staff = toStaff(row);
      await writeAuditEvent(tx, ctx, {
        entityType: 'site_staff',
        entityId: id,
        action: 'create',
        changes: diffChanges(null, staff, staffAuditIgnore),
      });
      return staff;
    });
  } catch (error) {
    rethrowUniqueViolation(error, {
      site_staff_site_id_person_id_role_key: { pointer: '/role', detail: 'This person has this role at this site already.' },
    });
  }
}
