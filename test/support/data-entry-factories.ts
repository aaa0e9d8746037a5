import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { importCrfMetadata } from '../../src/modules/crf-metadata/import-crf-metadata.js';
import { createEditCheck } from '../../src/modules/edit-checks/create-edit-check.js';
import { finalizeProtocolVersion } from '../../src/modules/protocols/finalize-protocol-version.js';
import { systemContext } from '../../src/platform/context.js';
import { addDays, localDate } from '../../src/platform/dates.js';
import type { DB } from '../../src/platform/db/schema.js';
import { makeTenant, makeUser } from './factories.js';
import { approveIcf, approveProtocol, makeIcfVersion, makeProtocolVersion, sampleStructure } from './protocol-factories.js';
import { makeStaffMember } from './start-up-factories.js';
import type { VisitWorld } from './visit-factories.js';

/** The CDISC ODM 1.3.2 example beside the repository (shared/data/odm/examples), as the metadata tests read it. */
export const daveExample = 'MetaData_Dave_1_3_2_new_2006_01_26_extra_languages.xml';
const examples = join(fileURLToPath(import.meta.url), '../../../../shared/data/odm/examples');
export const odmExample = (name: string) => readFileSync(join(examples, name));

/**
 * makeVisitWorld's study-site, but its protocol 1.0 has CRF metadata: the CDISC example's
 * events mapped to its visits (the baseline visit is coded BASELINE, the week 4 visit is named
 * "Week 1 Visit"), imported while it was a draft, then finalized and approved at the site.
 */
export async function makeDataEntryWorld(db: Kysely<DB>, now: Date): Promise<VisitWorld> {
  const tenant = await makeTenant(db);
  const { study, studySite, site, siteOrg, cro } = tenant;
  const ids = { studyId: study.id, studySiteId: studySite.id };
  const today = localDate(now, site.timeZone);
  const day = (offset: number) => addDays(today, offset);
  const clock = () => now;
  const setup = systemContext('test-setup', clock);
  const visits = sampleStructure().visits.map((v) =>
    v.code === 'BL' ? { ...v, code: 'BASELINE' } : v.code === 'W4' ? { ...v, code: 'W1', name: 'Week 1 Visit' } : v,
  );
  const draft = await makeProtocolVersion(db, study.id, { versionLabel: '1.0', visits }, clock);
  await importCrfMetadata(db, setup, study.id, draft.id, { bytes: odmExample(daveExample), fileName: daveExample });
  // A cross-item rule of the study's edit checks, written while the version is a draft.
  await createEditCheck(db, setup, study.id, draft.id, {
    oid: 'R.RBC_RANGE',
    name: 'RBC normal range in order',
    expression: 'item.I_LB_RBC_LO > item.I_LB_RBC_HI',
    severity: 'soft',
    message: 'The normal range low is above its high: check both.',
    itemOids: ['I_LB_RBC_LO'],
    testCases: [],
  });
  const protocol = await finalizeProtocolVersion(db, setup, draft.id, draft.version);
  await approveProtocol(db, ids, protocol.id, day(-200), clock);
  const icf = await makeIcfVersion(db, study.id, '1.0');
  await approveIcf(db, ids, icf.id, day(-200), clock);
  const coordinator = await makeUser(db, siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: site.id }], now);
  const cra = await makeUser(db, cro.id, [{ role: 'cra', scopeType: 'organization', scopeId: cro.id }], now);
  const consenter = await makeStaffMember(db, site.id, 'study_coordinator');
  return { ...tenant, ids, protocol, icf, coordinator, cra, consenter, today, day, clock };
}
