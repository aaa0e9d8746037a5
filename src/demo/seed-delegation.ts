import { createDelegationEntry } from '../modules/delegation/create-delegation-entry.js';
import { seedDefaultDelegationTasks } from '../modules/delegation/set-delegation-tasks.js';
import { signDelegationEntry } from '../modules/delegation/sign-delegation-entry.js';
import { delegationEntryNote, demoDelegationEntries, demoDelegationStudies } from './delegation-portfolio.js';
import type { DemoSeed } from './demo-seed-context.js';

/** Default task lists, then the log's entries; the PI's signature is her e-signature (21 CFR 11.200). */
export async function seedDelegation(seed: DemoSeed): Promise<void> {
  for (const study of demoDelegationStudies) await seedDefaultDelegationTasks(seed.db, seed.system, seed.study(study));
  for (const entry of demoDelegationEntries) {
    const ids = { studyId: seed.study(entry.study), studySiteId: seed.studySite(entry.study, entry.site) };
    // Written and signed on the entry's first day, not on the day the demo is loaded: a PI signs
    // a delegation before the work starts, and the log's history must read that way (#11).
    const created = await createDelegationEntry(seed.db, await seed.asOn(entry.keptBy, entry.startDay), ids, {
      personId: seed.person(entry.person),
      tasks: entry.tasks,
      startDate: seed.day(entry.startDay),
      reason: delegationEntryNote,
    });
    if (entry.signedBy) {
      await signDelegationEntry(
        seed.db,
        await seed.asOn(entry.signedBy, entry.startDay),
        { ...ids, entryId: created.id },
        created.version,
        {
          password: await seed.signingAs(entry.signedBy),
          meaning: 'approval',
        },
      );
    }
  }
}
