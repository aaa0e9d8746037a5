import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ruleTargets } from '../../src/modules/documents/document.schemas.js';
import { addDocumentRule } from '../../src/modules/documents/set-document-rules.js';
import { addStaffMember } from '../../src/modules/people/add-staff-member.js';
import type { StaffRole } from '../../src/modules/people/person.schemas.js';
import { systemContext } from '../../src/platform/context.js';
import type { DB } from '../../src/platform/db/schema.js';

/** Factories for the start-up module's records, made through the use cases like the others. */
const setup = systemContext('test-setup');

export async function makeStaffMember(db: Kysely<DB>, siteId: string, role: StaffRole, fullName = `Dr. ${randomUUID().slice(0, 6)}`) {
  return addStaffMember(db, setup, siteId, { person: { fullName }, role, startDate: '2020-01-01' });
}

export function makeDocumentRule(db: Kysely<DB>, studyId: string, artifactNumber: string, appliesTo: (typeof ruleTargets)[number]) {
  return addDocumentRule(db, setup, studyId, { artifactNumber, appliesTo });
}
