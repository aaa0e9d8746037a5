import type { Kysely } from 'kysely';
import type { FieldChange } from '../../platform/audit/audit-events.js';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { toColumns } from '../../platform/db/columns.js';
import type { DB } from '../../platform/db/schema.js';
import type { MilestoneTemplateRow } from '../../platform/db/schema-milestones.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { invalidField, notFound, preconditionFailed } from '../../platform/errors.js';
import { findVisibleStudySite, type StudySiteJoined, studySiteScope, studySiteToday } from '../study-sites/study-site.repo.js';
import {
  findRecordRow,
  findTemplateRow,
  insertRecordRow,
  listDoneMilestones,
  studySiteMilestoneColumns,
  studySiteMilestones,
} from './milestone.repo.js';
import type { StudySiteMilestone, UpdateStudySiteMilestone } from './milestone.schemas.js';

const recordFields = (r: { planned_date: string | null; actual_date: string | null; note: string | null } | undefined) => ({
  plannedDate: r?.planned_date ?? null,
  actualDate: r?.actual_date ?? null,
  note: r?.note ?? null,
});

/**
 * Sets a study-site's planned or actual date (or note) for one milestone. The first write makes
 * the record (the client read version 0); later ones need the version they read.
 */
export async function updateStudySiteMilestone(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { studyId: string; studySiteId: string; milestoneId: string },
  expectedVersion: number,
  { reason, ...input }: UpdateStudySiteMilestone,
): Promise<StudySiteMilestone> {
  return db.transaction().execute(async (tx) => {
    const studySite = await findVisibleStudySite(tx, ctx, ids.studySiteId);
    if (!studySite || studySite.study_id !== ids.studyId) throw notFound('study-site');
    const template = await findTemplateRow(tx, ctx, ids.studyId, ids.milestoneId);
    if (!template) throw notFound('milestone');
    assertCan(ctx, 'milestone.write', studySiteScope(studySite));
    const current = await findRecordRow(tx, studySite, template);
    if ((current?.version ?? 0) !== expectedVersion) throw preconditionFailed();
    if (input.actualDate) await checkActualDate(tx, ctx, studySite, template, input.actualDate);

    let recordId: string;
    let changes: FieldChange[];
    if (current) {
      await updateVersioned(
        tx,
        'study_site_milestones',
        current.id,
        expectedVersion,
        toColumns(input, studySiteMilestoneColumns),
        ctx.now(),
      );
      recordId = current.id;
      const after = { ...recordFields(current), ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) };
      changes = diffChanges(recordFields(current), after, []);
    } else {
      const inserted = await insertRecordRow(tx, {
        ...toColumns(input, studySiteMilestoneColumns),
        study_site_id: studySite.id,
        template_id: template.id,
      });
      // Another write made the record first: this client's version 0 is stale.
      if (!inserted) throw preconditionFailed();
      recordId = inserted;
      changes = [
        { field: 'studySiteId', old: null, new: studySite.id },
        { field: 'code', old: null, new: template.code },
        ...diffChanges(recordFields(undefined), { ...recordFields(undefined), ...input }, []),
      ];
    }
    await writeAuditEvent(tx, ctx, {
      entityType: 'study_site_milestone',
      entityId: recordId,
      action: current ? 'update' : 'create',
      changes,
      reason,
    });
    const view = await studySiteMilestones(tx, ctx, ids.studyId, studySite.id);
    const item = view?.items.find((i) => i.milestoneId === template.id);
    if (!item) throw notFound('milestone');
    return item;
  });
}

/**
 * An actual date is a fact: not in the site's future, and in the order the dependencies say
 * (not before a milestone it depends on, not after one that depends on it).
 */
async function checkActualDate(
  tx: Kysely<DB>,
  ctx: RequestContext,
  studySite: StudySiteJoined,
  template: MilestoneTemplateRow,
  actualDate: string,
): Promise<void> {
  const today = studySiteToday(studySite, ctx.now());
  if (actualDate > today) throw invalidField('/actualDate', `An actual date cannot be in the future (today at the site is ${today}).`);
  const related = await listDoneMilestones(tx, studySite);
  for (const other of related) {
    if (!other.actual_date) continue;
    if (template.depends_on.includes(other.code) && other.actual_date > actualDate) {
      throw invalidField(
        '/actualDate',
        `"${template.name}" depends on "${other.name}" (${other.code}), done on ${other.actual_date}: it cannot be done before that.`,
      );
    }
    if (other.depends_on.includes(template.code) && other.actual_date < actualDate) {
      throw invalidField(
        '/actualDate',
        `"${other.name}" (${other.code}) depends on "${template.name}" and was done on ${other.actual_date}: this cannot be done after that.`,
      );
    }
  }
}
