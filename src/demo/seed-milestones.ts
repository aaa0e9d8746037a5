import { addDefaultMilestones } from '../modules/milestones/add-default-milestones.js';
import { updateStudySiteMilestone } from '../modules/milestones/update-study-site-milestone.js';
import type { DemoSeed } from './demo-seed-context.js';
import { demoMilestoneStudies, demoMilestones } from './milestone-portfolio.js';

/**
 * The default template for each start-up study, then each study-site's dates. Runs after the
 * study-sites reached their statuses: the activation gate guards status changes, and the
 * demo's history has the sites activated before Trialdesk knew their milestones.
 */
export async function seedMilestones(seed: DemoSeed): Promise<void> {
  const templates = new Map<string, { id: string; code: string }[]>();
  for (const study of demoMilestoneStudies) {
    templates.set(study, await addDefaultMilestones(seed.db, seed.system, seed.study(study)));
  }
  for (const site of demoMilestones) {
    const ids = { studyId: seed.study(site.study), studySiteId: seed.studySite(site.study, site.site) };
    // In template order, so every dependency has its actual date before what depends on it.
    for (const template of templates.get(site.study) ?? []) {
      const code = template.code as keyof typeof site.done;
      const actual = site.done[code];
      const planned = site.planned?.[code];
      if (actual === undefined && planned === undefined) continue;
      await updateStudySiteMilestone(seed.db, seed.system, { ...ids, milestoneId: template.id }, 0, {
        ...(actual === undefined ? {} : { actualDate: seed.day(actual) }),
        ...(planned === undefined ? {} : { plannedDate: seed.day(planned) }),
      });
    }
  }
}
