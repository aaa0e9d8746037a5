import { createHash } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { DocumentsTable, DocumentVersionsTable } from '../src/platform/db/schema-start-up.js';
import { day, type Network, type SiteRow, type StudySiteRow } from './network-plan.js';
import type { People } from './people-plan.js';
import type { Random } from './seeded-random.js';
import { seededRandom } from './seeded-random.js';
import { expiryAround, isoDate, type PersonRow, ruleSet, type SignatureRow, type SiteTeam, type StartUp } from './start-up-plan.js';

export type DocumentRow = Insertable<DocumentsTable> & { id: string };
export type VersionRow = Insertable<DocumentVersionsTable> & { id: string };

export interface DocumentChunk {
  documents: DocumentRow[];
  versions: VersionRow[];
  /** Approvals: 21 CFR 11.50, every approved version carries its approver's signature. */
  signatures: SignatureRow[];
  /** Sites done so far, for progress. */
  sitesDone: number;
}

/** Artifacts that expire and must be renewed (IRB approval yearly, CVs and GCP certificates). */
const expiring = new Set(['04.01.02', '05.02.04', '05.02.05', '05.02.06', '05.02.07']);

/** Other site-level artifacts of the TMF Reference Model a site's binder fills up with. */
const otherSiteArtifacts = [
  ['04.01.01', 'IRB or IEC Submission'],
  ['04.03.02', 'IRB or IEC Progress Report'],
  ['05.01.02', 'Confidentiality Agreement'],
  ['05.01.03', 'Feasibility Documentation'],
  ['05.02.01', 'Acceptance of Investigator Brochure'],
  ['05.02.02', 'Protocol Signature Page'],
  ['05.02.10', 'Financial Disclosure Form'],
  ['05.02.11', 'Data Privacy Agreement'],
  ['05.03.01', 'Trial Initiation Monitoring Report'],
  ['05.03.03', 'Site Evidence of Training'],
  ['05.04.03', 'Monitoring Visit Report'],
  ['05.04.04', 'Visit Log'],
  ['05.04.10', 'Subject Identification Log'],
  ['06.01.04', 'IP Shipment Documentation'],
  ['06.01.05', 'IP Accountability Documentation'],
  ['02.02.03', 'Informed Consent Form'],
] as const;

const artifactNames: Record<string, string> = {
  '04.01.02': 'IRB or IEC Decision',
  '05.02.12': 'Clinical Trial Agreement',
  '05.02.08': 'Form FDA 1572',
  '05.02.04': 'Principal Investigator Curriculum Vitae',
  '05.02.05': 'Sub-Investigator Curriculum Vitae',
  '05.02.06': 'Other Curriculum Vitae',
  '05.02.07': 'GCP Certificate',
};

type Review = 'draft' | 'submitted' | 'approved' | 'returned';
/** Where a document's two versions stand: [version 1, version 2]. Most approved twice (renewed). */
const reviewMix: readonly (readonly [readonly [Review, Review], number])[] = [
  [['approved', 'approved'], 72],
  [['approved', 'submitted'], 10],
  [['approved', 'returned'], 4],
  [['returned', 'submitted'], 6],
  [['approved', 'draft'], 4],
  [['returned', 'draft'], 4],
];

/** SHA-256 in hex, as the content store names a version's bytes. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

interface Filing {
  studySite: StudySiteRow;
  artifact: string;
  person: PersonRow | null;
  title: string;
}

/**
 * What one site's binder holds: the documents its studies' rules expect (a few missing, the
 * 1572 absent where waived), then other site-level artifacts up to `perSite`.
 */
export function planFilings(
  rng: Random,
  site: SiteRow,
  studySites: StudySiteRow[],
  team: SiteTeam,
  waived: Set<string>,
  perSite: number,
): Filing[] {
  const filings: Filing[] = [];
  const nameOf = (artifact: string) => artifactNames[artifact] ?? artifact;
  for (const ss of studySites) {
    for (const [artifact, appliesTo] of ruleSet) {
      const people = appliesTo === 'site' ? [null] : appliesTo === 'principal_investigator' ? [team.pi] : team.subInvestigators;
      for (const person of people) {
        if (artifact === '05.02.08' && waived.has(ss.id)) continue;
        if (rng.chance(0.04)) continue;
        filings.push({ studySite: ss, artifact, person, title: `${nameOf(artifact)} - ${person ? person.full_name : site.name}` });
      }
    }
  }
  const kept = filings.slice(0, perSite);
  for (let k = 0; kept.length < perSite; k++) {
    const ss = rng.pick(studySites);
    if (k % 8 === 7) {
      // The coordinator's CV and GCP certificate, filed like the investigators'.
      const artifact = rng.pick(['05.02.06', '05.02.07']);
      kept.push({ studySite: ss, artifact, person: team.coordinator, title: `${nameOf(artifact)} - ${team.coordinator.full_name}` });
      continue;
    }
    const [artifact, name] = rng.pick(otherSiteArtifacts);
    kept.push({ studySite: ss, artifact, person: null, title: `${name} ${k + 1} - ${site.name}` });
  }
  return kept;
}

/**
 * The documents, versions and approval signatures, generated a chunk of sites at a time
 * from their own seed: 400,000 documents and 800,000 versions never sit in memory at once
 * (the measured app runs in this process; a heap of a million rows would lengthen its GC
 * pauses), and each database gets exactly the same rows.
 */
export function* documentChunks(
  seed: number,
  network: Network,
  people: People,
  startUp: StartUp,
  perSite: number,
  sitesPerChunk = 250,
): Generator<DocumentChunk> {
  const rng = seededRandom(seed ^ 0x5eed_d0c5);
  const users = new Map(people.users.map((u) => [u.id, u]));
  const approverOf = new Map(network.studies.map((s) => [s.id, users.get(people.managerOfSponsor.get(s.sponsor_org_id) ?? '')]));
  const empty = (): DocumentChunk => ({ documents: [], versions: [], signatures: [], sitesDone: 0 });
  let chunk = empty();
  for (let siteIndex = 0; siteIndex < network.sites.length; siteIndex++) {
    const site = network.sites[siteIndex] as SiteRow;
    const team = startUp.teams.get(site.id);
    const studySites = startUp.studySitesOfSite.get(site.id) ?? [];
    if (!team || studySites.length === 0) continue;
    for (const filing of planFilings(rng, site, studySites, team, startUp.waived1572, perSite)) {
      addDocument(rng, chunk, filing, team.piUser.id, approverOf.get(filing.studySite.study_id));
    }
    chunk.sitesDone = siteIndex + 1;
    if ((siteIndex + 1) % sitesPerChunk === 0) {
      yield chunk;
      chunk = empty();
    }
  }
  if (chunk.documents.length > 0) {
    chunk.sitesDone = network.sites.length;
    yield chunk;
  }
}

function addDocument(
  rng: Random,
  chunk: DocumentChunk,
  filing: Filing,
  uploaderId: string,
  approver: { id: string; full_name: string } | undefined,
): void {
  const id = rng.uuid();
  const filed = Date.parse(filing.studySite.created_at) + rng.int(10, 120) * day;
  const [first, second] = rng.weighted(reviewMix);
  const expires = expiring.has(filing.artifact);
  const secondExpiry = expires ? expiryAround(rng) : null;
  // The first version ran out when (or before) the second took over.
  const firstExpiry = secondExpiry === null ? null : secondExpiry - rng.int(300, 700) * day;
  const secondAt = Math.max(filed + 30 * day, (firstExpiry ?? filed + 400 * day) - rng.int(20, 90) * day);
  const versions: VersionRow[] = (
    [
      [1, first, filed, firstExpiry],
      [2, second, secondAt, secondExpiry],
    ] as const
  ).map(([n, review, at, expiry]) => ({
    id: rng.uuid(),
    document_id: id,
    version_number: n,
    content_hash: contentHash(`${id}/${n}`),
    file_name: `${filing.artifact.replace(/\./g, '-')}-v${n}.pdf`,
    media_type: 'application/pdf',
    size_bytes: rng.int(40_000, 4_000_000),
    effective_date: isoDate(at),
    expiry_date: expiry === null ? null : isoDate(expiry),
    review_status: review,
    review_note: review === 'returned' ? 'Signature page missing; please re-file.' : null,
    uploaded_by: uploaderId,
    uploaded_at: new Date(at).toISOString(),
    version: review === 'draft' ? 1 : review === 'submitted' ? 1 : 2,
    created_at: new Date(at).toISOString(),
    updated_at: new Date(at + (review === 'draft' ? 0 : 5 * day)).toISOString(),
  }));
  const approved = versions.filter((v) => v.review_status === 'approved').at(-1);
  const last = versions[1] as VersionRow;
  chunk.documents.push({
    id,
    study_id: filing.studySite.study_id,
    site_id: filing.studySite.site_id,
    person_id: filing.person?.id ?? null,
    artifact_number: filing.artifact,
    title: filing.title,
    current_version_id: last.id,
    approved_version_id: approved?.id ?? null,
    approved_effective_date: approved?.effective_date ?? null,
    approved_expiry_date: approved?.expiry_date ?? null,
    version: 1 + versions.filter((v) => v.review_status === 'approved').length,
    created_at: new Date(filed).toISOString(),
    updated_at: last.updated_at,
  });
  chunk.versions.push(...versions);
  if (!approver) return;
  for (const v of versions) {
    if (v.review_status !== 'approved') continue;
    chunk.signatures.push({
      id: rng.uuid(),
      entity_type: 'document_version',
      entity_id: v.id,
      signer_user_id: approver.id,
      printed_name: approver.full_name,
      meaning: 'approval',
      signed_at: v.updated_at as string,
      content_hash: v.content_hash,
    });
  }
}
