import { addStaffMember } from '../modules/people/add-staff-member.js';
import { findVisiblePerson } from '../modules/people/person.repo.js';
import { updatePerson } from '../modules/people/update-person.js';
import type { DemoSeed } from './demo-seed-context.js';
import { demoPersonLogins, demoStaff } from './staff-portfolio.js';

/** Every site's staff; a person on the staff of two sites (Casey) is one person with two roles. */
export async function seedStaff(seed: DemoSeed): Promise<void> {
  for (const member of demoStaff) {
    const known = seed.people.get(member.name);
    const staff = await addStaffMember(seed.db, seed.system, seed.site(member.site), {
      ...(known ? { personId: known } : { person: { fullName: member.name, professionalTitle: member.title } }),
      role: member.role,
      startDate: seed.day(member.startDay),
    });
    seed.people.set(member.name, staff.personId);
  }
  for (const login of demoPersonLogins) {
    const personId = seed.person(login.person);
    const person = await findVisiblePerson(seed.db, seed.system, personId);
    if (!person) throw new Error(`demo seed: no person ${login.person}`);
    await updatePerson(seed.db, seed.system, personId, person.version, {
      userId: seed.user(login.user),
      reason: 'Demo: the login this person signs with',
    });
  }
}
