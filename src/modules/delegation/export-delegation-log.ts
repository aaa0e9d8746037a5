import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Kysely } from 'kysely';
import PDFDocument from 'pdfkit';
import type { RequestContext } from '../../platform/context.js';
import { actorLabel } from '../../platform/context.js';
import { localTimeText } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import { listInvestigatorNames } from '../people/person.repo.js';
import { findVisibleStudy } from '../studies/study.repo.js';
import { studySiteToday } from '../study-sites/study-site.repo.js';
import { loadDelegationFacts } from './delegation.repo.js';
import type { DelegationEntry } from './delegation.schemas.js';
import { loadStudySiteForLog, toDelegationEntry } from './delegation-entry-view.js';
import { rolesOn } from './delegation-validity.js';
import { staffRoleLabels } from './staff-role-labels.js';

export interface DelegationLogExport {
  pdf: Buffer;
  /** SHA-256 of the log's content (not of the PDF bytes, which carry the export time). */
  contentSha256: string;
  fileName: string;
}

/**
 * The log as a PDF a monitor files in the site file (TMF 05.02.xx): every entry with its
 * validity on the day and each PI signature's manifestation (printed name, the site's time with its zone, meaning:
 * 21 CFR 11.50). The footer carries the SHA-256 of the content, so two exports of an
 * unchanged log can be compared, and the export time.
 */
export async function exportDelegationLog(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { studyId: string; studySiteId: string },
  /** The day validity is computed for; the site's today when not given. */
  day: string | undefined,
): Promise<DelegationLogExport> {
  const studySite = await loadStudySiteForLog(db, ctx, ids, 'delegation.read');
  const on = day ?? studySiteToday(studySite, ctx.now());
  const zone = studySite.time_zone;
  const facts = await loadDelegationFacts(db, ctx, studySite.id);
  if (!facts) throw new Error('study-site vanished during export');
  const study = await findVisibleStudy(db, ctx, studySite.study_id);
  if (!study) throw notFound('study');
  const investigators = await listInvestigatorNames(db, ctx, studySite.site_id, on);
  const entries = facts.entries.map((row) => ({ ...toDelegationEntry(facts, row, on), roles: rolesOn(facts, row.person_id, on) }));
  const content = {
    study: { id: studySite.study_id, protocolNumber: study.protocol_number, shortName: study.short_name },
    site: { studySiteId: studySite.id, name: studySite.site_name, siteNumber: studySite.site_number },
    principalInvestigators: investigators,
    asOf: on,
    entries: entries.map((e) => ({
      id: e.id,
      person: e.personName,
      roles: e.roles,
      tasks: e.tasks.map((t) => t.code),
      startDate: e.startDate,
      endDate: e.endDate,
      contentHash: e.contentHash,
      valid: e.valid,
      reasons: e.reasons,
      signatures: e.signatures.map((s) => ({ printedName: s.printedName, meaning: s.meaning, signedAt: s.signedAt, valid: s.valid })),
    })),
  };
  const contentSha256 = createHash('sha256')
    .update(canonicalize(content) ?? '')
    .digest('hex');
  const exportedAt = localTimeText(ctx.now(), zone);
  const pdf = await renderPdf({
    title: `Delegation of authority log: ${study.protocol_number}, site ${studySite.site_number}`,
    heading: [
      `Study: ${study.protocol_number} (${study.short_name}): ${study.title}`,
      `Site: ${studySite.site_name}, site number ${studySite.site_number}`,
      `Principal investigator: ${investigators.join(', ') || 'none on the staff list'}`,
      `Validity computed for ${on}, the site's day (${zone}).`,
    ],
    entries,
    timeZone: zone,
    footer: `Log content SHA-256: ${contentSha256}\nExported ${exportedAt} by ${actorLabel(ctx.actor)} from Trialdesk.`,
    createdAt: ctx.now(),
  });
  return { pdf, contentSha256, fileName: `delegation-log-${study.protocol_number}-site-${studySite.site_number}-${on}.pdf` };
}

interface Layout {
  title: string;
  heading: string[];
  entries: (DelegationEntry & { roles: string[] })[];
  /** The site's zone: signature times are printed as its wall-clock time. */
  timeZone: string;
  footer: string;
  createdAt: Date;
}

function renderPdf(layout: Layout): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 50, bottom: 80, left: 50, right: 50 },
    bufferPages: true,
    info: { Title: layout.title, Creator: 'Trialdesk', CreationDate: layout.createdAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(16).text('Delegation of Authority Log');
  doc.moveDown(0.5).font('Helvetica').fontSize(10);
  for (const line of layout.heading) doc.text(line);
  doc.moveDown();
  if (layout.entries.length === 0) doc.text('The log has no entries.');
  layout.entries.forEach((entry, index) => {
    const roles = entry.roles.map((r) => staffRoleLabels[r] ?? r).join(', ') || 'no role at the site';
    doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .text(`${index + 1}. ${entry.personName} (${roles})`);
    doc.font('Helvetica').fontSize(10);
    doc.text(`Tasks: ${entry.tasks.map((t) => t.label).join('; ')}`);
    doc.text(`From ${entry.startDate} to ${entry.endDate ?? 'no end date'}`);
    doc.text(entry.valid ? 'Valid on this day.' : `Not valid on this day: ${entry.reasons.join(' ')}`);
    if (entry.signatures.length === 0) doc.text('Signatures: none.');
    for (const s of entry.signatures) {
      const state = s.valid ? 'matches the entry as it stands' : 'no longer matches the entry (changed since)';
      doc.text(`Signed by ${s.printedName} at ${localTimeText(new Date(s.signedAt), layout.timeZone)}, meaning: ${s.meaning}; ${state}.`);
    }
    doc.fillColor('#555555').fontSize(8).text(`Entry ${entry.id}, content SHA-256 ${entry.contentHash}`).fillColor('black');
    doc.moveDown(0.8);
  });
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin must not start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .text(`${layout.footer}\nPage ${i + 1} of ${range.count}`, 50, doc.page.height - 65, { width: doc.page.width - 100 });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
