import { createTrainingRecord } from '../modules/training/create-training-record.js';
import { addTrainingRequirement } from '../modules/training/set-training-requirements.js';
import { demoStudies } from './demo-portfolio.js';
import type { DemoSeed } from './demo-seed-context.js';
import {
  demoGcpExceptions,
  demoLicences,
  demoProtocolTraining,
  demoStaff,
  demoTrainingRequirements,
  gcpCourse,
} from './staff-portfolio.js';

/** The studies' training requirements, then everyone's GCP, protocol and licence records. */
export async function seedTraining(seed: DemoSeed): Promise<void> {
  for (const requirement of demoTrainingRequirements) {
    for (const role of requirement.roles) {
      await addTrainingRequirement(seed.db, seed.system, seed.study(requirement.study), { role, kind: 'gcp' });
      await addTrainingRequirement(seed.db, seed.system, seed.study(requirement.study), {
        role,
        kind: 'protocol',
        protocolVersion: requirement.protocolVersion,
      });
    }
  }

  const people = [...new Set(demoStaff.map((m) => m.name))];
  for (const [index, name] of people.entries()) {
    const exception = demoGcpExceptions[name];
    // One to two years ago, spread so the records do not all share a day; expiry is the 3-year default.
    const completedDay = exception?.completedDay ?? -(380 + ((index * 47) % 330));
    await createTrainingRecord(seed.db, seed.system, seed.person(name), {
      title: gcpCourse,
      kind: 'gcp',
      completedOn: seed.day(completedDay),
      ...(exception ? { expiresOn: seed.day(exception.expiresDay) } : {}),
    });
  }

  for (const record of demoProtocolTraining) {
    const study = demoStudies.find((s) => s.key === record.study);
    await createTrainingRecord(seed.db, seed.system, seed.person(record.person), {
      title: `${study?.shortName} protocol ${study?.protocolNumber} v${record.protocolVersion}`,
      kind: 'protocol',
      studyId: seed.study(record.study),
      protocolVersion: record.protocolVersion,
      completedOn: seed.day(record.completedDay),
    });
  }

  for (const licence of demoLicences) {
    await createTrainingRecord(seed.db, seed.system, seed.person(licence.person), {
      title: licence.title,
      kind: 'licence',
      completedOn: seed.day(licence.completedDay),
      expiresOn: seed.day(licence.expiresDay),
    });
  }
}
