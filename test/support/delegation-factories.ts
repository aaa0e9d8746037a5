import { inflateSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import { createDelegationEntry } from '../../src/modules/delegation/create-delegation-entry.js';
import { seedDefaultDelegationTasks } from '../../src/modules/delegation/set-delegation-tasks.js';
import { createTrainingRecord } from '../../src/modules/training/create-training-record.js';
import { addTrainingRequirement } from '../../src/modules/training/set-training-requirements.js';
import type { CreateTrainingRecord, CreateTrainingRequirement } from '../../src/modules/training/training.schemas.js';

import { systemContext } from '../../src/platform/context.js';
import { addDays } from '../../src/platform/dates.js';
import type { DB } from '../../src/platform/db/schema.js';
import { makeTenant, makeUser } from './factories.js';
import { makeStaffMember } from './start-up-factories.js';

/** Factories for training and the delegation log, made through the use cases like the others. */
const setup = systemContext('test-setup');

export function makeTrainingRecord(
  db: Kysely<DB>,
  personId: string,
  input: Partial<CreateTrainingRecord> & Pick<CreateTrainingRecord, 'kind'>,
) {
  return createTrainingRecord(db, setup, personId, { title: `${input.kind} course`, completedOn: '2025-01-15', ...input });
}

export function makeTrainingRequirement(db: Kysely<DB>, studyId: string, input: CreateTrainingRequirement) {
  return addTrainingRequirement(db, setup, studyId, input);
}

export function makeDefaultDelegationTasks(db: Kysely<DB>, studyId: string) {
  return seedDefaultDelegationTasks(db, setup, studyId);
}

export function makeDelegationEntry(
  db: Kysely<DB>,
  ids: { studyId: string; studySiteId: string },
  input: { personId: string; tasks: string[]; startDate?: string; endDate?: string | null },
) {
  return createDelegationEntry(db, setup, ids, { startDate: '2025-01-01', ...input, tasks: [...input.tasks].sort() });
}

/** Links a person to a login (the PI who signs must be a user). */
export async function linkPersonToUser(db: Kysely<DB>, personId: string, userId: string): Promise<void> {
  await db.updateTable('people').set({ user_id: userId }).where('id', '=', personId).execute();
}

/**
 * The text drawn on a PDF's pages, for tests: inflates each content stream and decodes the
 * strings of its TJ/Tj operators (pdfkit writes the standard fonts as hex WinAnsi codes).
 * Enough to check what a PDF says without a PDF reader (pdftotext is not installed).
 */
export function pdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const texts: string[] = [];
  const streams = /stream\r?\n/g;
  for (let match = streams.exec(source); match; match = streams.exec(source)) {
    const start = match.index + match[0].length;
    const end = source.indexOf('endstream', start);
    const raw = pdf.subarray(start, end);
    let content: string;
    try {
      content = inflateSync(raw).toString('latin1');
    } catch {
      content = raw.toString('latin1');
    }
    for (const op of content.matchAll(/\[((?:[^\]\\]|\\.)*)\]\s*TJ|(<[0-9a-fA-F]*>|\((?:[^)\\]|\\.)*\))\s*Tj/g)) {
      const operands = op[1] ?? op[2] ?? '';
      let line = '';
      for (const part of operands.matchAll(/<([0-9a-fA-F]*)>|\(((?:[^)\\]|\\.)*)\)/g)) {
        line += part[1] !== undefined ? Buffer.from(part[1], 'hex').toString('latin1') : (part[2] ?? '').replace(/\\(.)/g, '$1');
      }
      texts.push(line);
    }
  }
  return texts.join('\n');
}

/**
 * A study at a site with the default task list, what it requires of sub-investigators (GCP,
 * protocol 2.0), its principal investigator (a user who can sign) and a fully trained,
 * licensed sub-investigator. Dates are relative to `now`, so the world is current on its day.
 */
export async function makeDelegationWorld(db: Kysely<DB>, now: Date) {
  const tenant = await makeTenant(db);
  const { study, site, siteOrg } = tenant;
  const today = now.toISOString().slice(0, 10);
  const day = (offset: number) => addDays(today, offset);
  await makeDefaultDelegationTasks(db, study.id);
  await makeTrainingRequirement(db, study.id, { role: 'sub_investigator', kind: 'gcp' });
  await makeTrainingRequirement(db, study.id, { role: 'sub_investigator', kind: 'protocol', protocolVersion: '2.0' });
  const pi = await makeStaffMember(db, site.id, 'principal_investigator', 'Dr. Paula Principal');
  const piUser = await makeUser(db, siteOrg.id, [{ role: 'investigator', scopeType: 'site', scopeId: site.id }], now);
  await linkPersonToUser(db, pi.personId, piUser.user.id);
  const subI = await makeStaffMember(db, site.id, 'sub_investigator', 'Dr. Sami Subinvestigator');
  await makeTrainingRecord(db, subI.personId, { kind: 'gcp', completedOn: day(-365) });
  await makeTrainingRecord(db, subI.personId, { kind: 'protocol', studyId: study.id, protocolVersion: '2.0', completedOn: day(-30) });
  await makeTrainingRecord(db, subI.personId, { kind: 'licence', title: 'Medical licence', completedOn: day(-2000), expiresOn: day(365) });
  const coordinator = await makeUser(db, siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: site.id }], now);
  return { ...tenant, today, day, pi, piUser, subI, coordinator };
}
export type DelegationWorld = Awaited<ReturnType<typeof makeDelegationWorld>>;
