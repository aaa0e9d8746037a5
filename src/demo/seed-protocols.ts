import { importCrfMetadata } from '../modules/crf-metadata/import-crf-metadata.js';
import { approveIcfAtSite } from '../modules/protocols/approve-icf-at-site.js';
import { approveProtocolAtSite } from '../modules/protocols/approve-protocol-at-site.js';
import { createIcfVersion } from '../modules/protocols/create-icf-version.js';
import { createProtocolVersion } from '../modules/protocols/create-protocol-version.js';
import { finalizeProtocolVersion } from '../modules/protocols/finalize-protocol-version.js';
import type { ProtocolVersion } from '../modules/protocols/protocol.schemas.js';
import { putRandomizationScheme } from '../modules/randomization/put-randomization-scheme.js';
import { demoCrfOdm } from './demo-crf-metadata.js';
import type { DemoSeed } from './demo-seed-context.js';
import { consentLanguageOf, type DemoProtocol, demoProtocols } from './protocol-portfolio.js';

export interface SeededProtocol {
  demo: DemoProtocol;
  protocol: ProtocolVersion;
  /** Keyed `${label}:${language}`. */
  icfs: Map<string, string>;
  /** Approves the revised consent form at its site on its day (done in the participants' timeline). */
  approveRevisedIcf?: () => Promise<void>;
}

/**
 * The sponsor's study manager writes each protocol and its consent forms a month before the
 * first site approval, makes it final and sets the randomization scheme; the sites' IRB/IEC
 * approvals follow, recorded by the study manager on their days.
 */
export async function seedProtocols(seed: DemoSeed): Promise<SeededProtocol[]> {
  const seeded: SeededProtocol[] = [];
  for (const demo of demoProtocols) {
    const studyId = seed.study(demo.study);
    const firstApproval = Math.min(...demo.approvals.map((a) => a.day));
    const writer = await seed.asOn(demo.writtenBy, firstApproval - 30);
    const draft = await createProtocolVersion(seed.db, writer, studyId, {
      versionLabel: demo.versionLabel,
      summaryOfChanges: demo.summaryOfChanges,
      ...demo.structure,
    });
    // AURORA's forms are built into the draft, as its study manager would before making it final (frozen then).
    if (demo.study === 'nwt101') {
      const odm = demoCrfOdm(demo.structure.visits);
      await importCrfMetadata(seed.db, writer, studyId, draft.id, { bytes: Buffer.from(odm), fileName: 'aurora-crf-1.0.xml' });
    }
    const protocol = await finalizeProtocolVersion(seed.db, writer, draft.id, draft.version);
    const icfs = new Map<string, string>();
    // The revised form is written three weeks before its approval; the others with the protocol.
    const icfsToMake = [
      ...demo.icfs.map((icf) => ({ ...icf, madeOn: firstApproval - 30 })),
      ...(demo.revisedIcf ? [{ ...demo.revisedIcf, madeOn: demo.revisedIcf.day - 20 }] : []),
    ];
    for (const { madeOn, ...icf } of icfsToMake) {
      const created = await createIcfVersion(seed.db, await seed.asOn(demo.writtenBy, madeOn), studyId, {
        versionLabel: icf.label,
        language: icf.language,
        protocolVersionId: protocol.id,
      });
      icfs.set(`${icf.label}:${icf.language}`, created.id);
    }
    await putRandomizationScheme(seed.db, writer, studyId, demo.scheme, undefined);

    for (const approval of demo.approvals) {
      const ids = { studyId, studySiteId: seed.studySite(demo.study, approval.site) };
      const recorder = await seed.asOn(demo.writtenBy, approval.day);
      await approveProtocolAtSite(seed.db, recorder, ids, { protocolVersionId: protocol.id, approvedOn: seed.day(approval.day) });
      for (const icf of demo.icfs.filter((i) => i.label === approval.icf && i.language === consentLanguageOf(approval.site))) {
        await approveIcfAtSite(seed.db, recorder, ids, {
          icfVersionId: icfs.get(`${icf.label}:${icf.language}`) as string,
          approvedOn: seed.day(approval.day),
        });
      }
    }

    const revised = demo.revisedIcf;
    seeded.push({
      demo,
      protocol,
      icfs,
      ...(revised && {
        approveRevisedIcf: async () => {
          const ids = { studyId, studySiteId: seed.studySite(demo.study, revised.site) };
          await approveIcfAtSite(seed.db, await seed.asOn(demo.writtenBy, revised.day), ids, {
            icfVersionId: icfs.get(`${revised.label}:${revised.language}`) as string,
            approvedOn: seed.day(revised.day),
            reason: 'IRB approval of the revised consent form (new safety information)',
          });
        },
      }),
    });
  }
  return seeded;
}
