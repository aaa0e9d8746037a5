import { approveDocumentVersion } from '../modules/documents/approve-document-version.js';
import { returnDocumentVersion } from '../modules/documents/return-document-version.js';
import { addDocumentRule } from '../modules/documents/set-document-rules.js';
import { uploadDocument } from '../modules/documents/upload-document.js';
import { waiveDocument } from '../modules/documents/waive-document.js';
import { demoPdf, pdfFileName } from './demo-pdf.js';
import { demoSites, demoStudies } from './demo-portfolio.js';
import type { DemoSeed } from './demo-seed-context.js';
import { type DemoDocument, demoDocumentRules, demoDocuments, demoReviewer, demoWaivers } from './document-portfolio.js';

/**
 * The studies' document rules, then the site files: each document uploaded as whoever files
 * it and reviewed by the CRO's monitor, approval being an e-signature with the password
 * (21 CFR 11.200), as in the web app. Then the waivers.
 */
export async function seedDocuments(seed: DemoSeed): Promise<void> {
  for (const { study, rules } of demoDocumentRules) {
    for (const rule of rules) await addDocumentRule(seed.db, seed.system, seed.study(study), rule);
  }
  const reviewer = await seed.as(demoReviewer);
  for (const document of demoDocuments) {
    const filer = await seed.as(document.filedBy);
    const effectiveDate = document.effectiveDay === undefined ? undefined : seed.day(document.effectiveDay);
    const expiryDate = document.expiryDay === undefined ? undefined : seed.day(document.expiryDay);
    const bytes = await demoPdf(document.title, describe(document, effectiveDate, expiryDate));
    const filed = await uploadDocument(
      seed.db,
      seed.store,
      filer,
      {
        studyId: seed.study(document.study),
        siteId: seed.site(document.site),
        ...(document.person ? { personId: seed.person(document.person) } : {}),
        artifactNumber: document.artifactNumber,
        title: document.title,
        ...(effectiveDate ? { effectiveDate } : {}),
        ...(expiryDate ? { expiryDate } : {}),
        submit: document.outcome === 'draft' ? 'false' : 'true',
      },
      { bytes, fileName: pdfFileName(document.title), mediaType: 'application/pdf', fields: {} },
    );
    const version = filed.versions.find((v) => v.versionNumber === 1);
    if (!version) throw new Error(`demo seed: ${document.title} has no first version`);
    const ids = { documentId: filed.id, versionId: version.id };
    if (document.outcome === 'approved') {
      await approveDocumentVersion(seed.db, reviewer, ids, version.version, {
        password: await seed.signingAs(demoReviewer),
        meaning: 'approval',
      });
    } else if (document.outcome === 'returned') {
      await returnDocumentVersion(seed.db, reviewer, ids, version.version, document.returnReason ?? 'Please file it again.');
    }
  }
  for (const waiver of demoWaivers) {
    await waiveDocument(seed.db, await seed.as(waiver.by), seed.study(waiver.study), {
      siteId: seed.site(waiver.site),
      personId: seed.person(waiver.person),
      artifactNumber: waiver.artifactNumber,
      reason: waiver.reason,
    });
  }
}

/** The lines printed under the title: which study, site and person the document is of. */
function describe(document: DemoDocument, effectiveDate?: string, expiryDate?: string): string[] {
  const study = demoStudies.find((s) => s.key === document.study);
  const site = demoSites.find((s) => s.key === document.site);
  return [
    `Study: ${study?.shortName} (${study?.protocolNumber})`,
    `Site: ${site?.name}, ${site?.city}`,
    ...(document.person ? [`Person: ${document.person}`] : []),
    ...(effectiveDate ? [`Effective: ${effectiveDate}`] : []),
    ...(expiryDate ? [`Valid until: ${expiryDate}`] : []),
  ];
}
