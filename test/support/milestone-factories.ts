import type { Kysely } from 'kysely';
import { addDefaultMilestones } from '../../src/modules/milestones/add-default-milestones.js';
import { addMilestoneTemplate } from '../../src/modules/milestones/add-milestone-template.js';
import { studySiteMilestones } from '../../src/modules/milestones/milestone.repo.js';
import type { CreateMilestoneTemplate } from '../../src/modules/milestones/milestone.schemas.js';
import { updateStudySiteMilestone } from '../../src/modules/milestones/update-study-site-milestone.js';
import { systemContext } from '../../src/platform/context.js';
import type { DB } from '../../src/platform/db/schema.js';

/** Factories for start-up milestones, made through the use cases like the others. */
const setup = (now?: () => Date) => systemContext('test-setup', now);

export function makeMilestone(
  db: Kysely<DB>,
  studyId: string,
  input: Pick<CreateMilestoneTemplate, 'code'> & Partial<CreateMilestoneTemplate>,
) {
  return addMilestoneTemplate(db, setup(), studyId, {
    name: input.code.replace(/_/g, ' '),
    requiredForActivation: false,
    typicalDurationDays: 0,
    dependsOn: [],
    ...input,
  });
}

export function makeDefaultMilestones(db: Kysely<DB>, studyId: string) {
  return addDefaultMilestones(db, setup(), studyId);
}

/** Records dates of one milestone (by code) at a study-site, whatever was there before. */
export async function recordMilestone(
  db: Kysely<DB>,
  ids: { studyId: string; studySiteId: string },
  code: string,
  dates: { plannedDate?: string | null; actualDate?: string | null },
  now?: () => Date,
) {
  const ctx = setup(now);
  const view = await studySiteMilestones(db, ctx, ids.studyId, ids.studySiteId);
  const item = view?.items.find((i) => i.code === code);
  if (!item) throw new Error(`No milestone ${code} at study-site ${ids.studySiteId}`);
  return updateStudySiteMilestone(db, ctx, { ...ids, milestoneId: item.milestoneId }, item.version, dates);
}
