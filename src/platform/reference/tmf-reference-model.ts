import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { TmfArtifactsTable } from '../db/schema-start-up.js';

export const tmfCsvPath = join(dirname(fileURLToPath(import.meta.url)), '../../../reference/tmf/tmf_rm_v3.3.1_artifacts.csv');

type CsvRow = Record<string, string>;

const flag = (value: string | undefined) => (value ?? '').trim().toUpperCase() === 'X';
const text = (value: string | undefined) => (value?.trim() ? value.trim() : null);

/** One artifact of the TMF Reference Model from its row in the "V 3.3.1 Clean" sheet. */
export function toTmfArtifact(row: CsvRow): TmfArtifactsTable {
  const required = (column: string) => {
    const value = row[column]?.trim();
    if (!value) throw new Error(`TMF reference model: "${column}" is empty in a row`);
    return value;
  };
  return {
    artifact_number: required('Artifact #'),
    unique_id: Number.parseInt(required('Unique ID Number'), 10),
    zone_number: required('Zone #'),
    zone_name: required('Zone Name'),
    section_number: required('Section #'),
    section_name: required('Section Name'),
    name: required('Artifact name'),
    definition: text(row['Definition / Purpose']),
    core: required('Core or Recommended for inclusion') === 'Core',
    trial_level: flag(row['Trial Level Document']),
    country_level: flag(row['Country/ Region Level Document']),
    site_level: flag(row['Site Level Document']),
    investigator_document: flag(row['TMF Artifacts (Non-device) - Investigator Document']),
    dating_convention: text(row['Dating Convention']),
    ich_code: text(row['ICH Code']),
  };
}

export async function readTmfReferenceModel(path = tmfCsvPath): Promise<TmfArtifactsTable[]> {
  const rows = parse(await readFile(path), { columns: true, skip_empty_lines: true, bom: true }) as CsvRow[];
  return rows.map(toTmfArtifact);
}
