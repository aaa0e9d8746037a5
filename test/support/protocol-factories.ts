import type { Kysely } from 'kysely';
import { approveIcfAtSite } from '../../src/modules/protocols/approve-icf-at-site.js';
import { approveProtocolAtSite } from '../../src/modules/protocols/approve-protocol-at-site.js';
import { createIcfVersion } from '../../src/modules/protocols/create-icf-version.js';
import { createProtocolVersion } from '../../src/modules/protocols/create-protocol-version.js';
import { finalizeProtocolVersion } from '../../src/modules/protocols/finalize-protocol-version.js';
import type { CreateProtocolVersion, ProtocolStructure } from '../../src/modules/protocols/protocol.schemas.js';
import { systemContext } from '../../src/platform/context.js';
import type { DB } from '../../src/platform/db/schema.js';

/** Factories for protocols and consent forms, made through the use cases like the others. */
const setup = (now?: () => Date) => systemContext('test-setup', now);

/**
 * A small but complete schedule of activities: two arms (1:1, or 2:1 with `ratio: '2:1'`),
 * screening, baseline, two treatment visits, follow-up and end of study, an unscheduled visit,
 * with windows, procedures, and inclusion and exclusion criteria.
 */
export function sampleStructure(options: { ratio?: '1:1' | '2:1' } = {}): ProtocolStructure {
  const proc = (code: string, name: string, required = true) => ({ code, name, required });
  const visit = (
    code: string,
    name: string,
    kind: ProtocolStructure['visits'][number]['kind'],
    targetDay: number | null,
    window: [number, number],
    procedures: ReturnType<typeof proc>[],
  ) => ({
    code,
    name,
    kind,
    anchor: kind === 'unscheduled' ? null : ('baseline' as const),
    targetDay,
    windowBeforeDays: window[0],
    windowAfterDays: window[1],
    procedures,
  });
  return {
    arms: [
      { code: 'ACTIVE', name: 'Study drug 10 mg', allocationRatio: options.ratio === '2:1' ? 2 : 1, blindedLabel: 'Treatment A' },
      { code: 'PLACEBO', name: 'Placebo', allocationRatio: 1, blindedLabel: 'Treatment B' },
    ],
    visits: [
      visit('SCR', 'Screening', 'screening', -28, [0, 0], [proc('ICF', 'Informed consent'), proc('LAB', 'Safety labs')]),
      visit('BL', 'Baseline (day 1)', 'baseline', 0, [0, 0], [proc('VS', 'Vital signs'), proc('ECG', 'ECG')]),
      visit('W4', 'Week 4', 'treatment', 28, [3, 3], [proc('VS', 'Vital signs'), proc('PK', 'PK sample', false)]),
      visit('W12', 'Week 12', 'treatment', 84, [7, 7], [proc('VS', 'Vital signs'), proc('LAB', 'Safety labs')]),
      visit('FU', 'Follow-up', 'follow_up', 112, [7, 14], [proc('VS', 'Vital signs')]),
      visit('EOS', 'End of study', 'end_of_study', 140, [7, 14], [proc('VS', 'Vital signs'), proc('ECG', 'ECG')]),
      visit('UNS', 'Unscheduled', 'unscheduled', null, [0, 0], []),
    ],
    criteria: [
      { kind: 'inclusion', number: 1, text: 'Adults aged 18 to 75.' },
      { kind: 'inclusion', number: 2, text: 'Signed informed consent.' },
      { kind: 'exclusion', number: 1, text: 'Pregnancy or breastfeeding.' },
    ],
  };
}

export function makeProtocolVersion(db: Kysely<DB>, studyId: string, input: Partial<CreateProtocolVersion> = {}, now?: () => Date) {
  return createProtocolVersion(db, setup(now), studyId, { versionLabel: '1.0', ...sampleStructure(), ...input });
}

/** A final version, ready to be approved at sites. */
export async function makeFinalProtocol(db: Kysely<DB>, studyId: string, input: Partial<CreateProtocolVersion> = {}, now?: () => Date) {
  const draft = await makeProtocolVersion(db, studyId, input, now);
  return finalizeProtocolVersion(db, setup(now), draft.id, draft.version);
}

export function approveProtocol(
  db: Kysely<DB>,
  ids: { studyId: string; studySiteId: string },
  protocolVersionId: string,
  approvedOn: string,
  now?: () => Date,
) {
  return approveProtocolAtSite(db, setup(now), ids, { protocolVersionId, approvedOn });
}

export function makeIcfVersion(db: Kysely<DB>, studyId: string, versionLabel: string, language = 'en-US') {
  return createIcfVersion(db, setup(), studyId, { versionLabel, language });
}

export function approveIcf(
  db: Kysely<DB>,
  ids: { studyId: string; studySiteId: string },
  icfVersionId: string,
  approvedOn: string,
  now?: () => Date,
) {
  return approveIcfAtSite(db, setup(now), ids, { icfVersionId, approvedOn });
}
