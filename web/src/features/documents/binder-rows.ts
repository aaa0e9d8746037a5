import type { CompletenessItem, TmfArtifact, TrialDocument } from './document-types';

/** One line of the binder: an expected item (with what is filed for it) or a filed document nobody asked for. */
export interface BinderRow {
  key: string;
  artifactNumber: string;
  artifactName: string;
  item: CompletenessItem | null;
  personId: string | null;
  personName: string | null;
  documents: TrialDocument[];
}

export interface BinderSection {
  number: string;
  name: string;
  rows: BinderRow[];
}

export interface BinderZone {
  number: string;
  name: string;
  sections: BinderSection[];
}

/**
 * Arranges a site's expected items and filed documents by the TMF Reference Model: zone, then
 * section, then artifact, so the binder reads like the paper one an inspector knows.
 */
export function buildBinder(artifacts: TmfArtifact[], items: CompletenessItem[], documents: TrialDocument[]): BinderZone[] {
  const rows: BinderRow[] = [];
  const used = new Set<string>();
  for (const item of items) {
    const matching = documents.filter((doc) => doc.artifactNumber === item.artifactNumber && (doc.personId ?? null) === item.personId);
    for (const doc of matching) used.add(doc.id);
    rows.push({
      key: `${item.artifactNumber}:${item.personId ?? 'site'}`,
      artifactNumber: item.artifactNumber,
      artifactName: item.artifactName,
      item,
      personId: item.personId,
      personName: item.personName,
      documents: matching,
    });
  }
  const unexpected = new Map<string, BinderRow>();
  for (const doc of documents) {
    if (used.has(doc.id)) continue;
    const key = `${doc.artifactNumber}:${doc.personId ?? 'site'}:filed`;
    const row = unexpected.get(key) ?? {
      key,
      artifactNumber: doc.artifactNumber,
      artifactName: doc.artifactName,
      item: null,
      personId: doc.personId,
      personName: doc.personName,
      documents: [],
    };
    row.documents.push(doc);
    unexpected.set(key, row);
  }
  rows.push(...unexpected.values());
  rows.sort((a, b) => a.artifactNumber.localeCompare(b.artifactNumber) || (a.personName ?? '').localeCompare(b.personName ?? ''));

  const byNumber = new Map(artifacts.map((artifact) => [artifact.artifactNumber, artifact]));
  const zones = new Map<string, BinderZone>();
  for (const row of rows) {
    const artifact = byNumber.get(row.artifactNumber);
    const zoneNumber = artifact?.zoneNumber ?? row.artifactNumber.slice(0, 2);
    const zone = zones.get(zoneNumber) ?? { number: zoneNumber, name: artifact?.zoneName ?? 'Other', sections: [] };
    zones.set(zoneNumber, zone);
    const sectionNumber = artifact?.sectionNumber ?? row.artifactNumber.slice(0, 5);
    let section = zone.sections.find((candidate) => candidate.number === sectionNumber);
    if (!section) {
      section = { number: sectionNumber, name: artifact?.sectionName ?? '', rows: [] };
      zone.sections.push(section);
    }
    section.rows.push(row);
  }
  return [...zones.values()].sort((a, b) => Number(a.number) - Number(b.number));
}

const attention = new Set(['missing', 'expired', 'expiring', 'pending']);

export const needsAttention = (row: BinderRow) => Boolean(row.item && attention.has(row.item.status));
