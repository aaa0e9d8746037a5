import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { TmfArtifactsTable } from '../db/schema-start-up.js';
import { readTmfReferenceModel } from './tmf-reference-model.js';

/** Loads the taxonomy into an empty table; a database that has it is left as it is. */
export async function loadTmfReferenceModel(db: Kysely<DB>): Promise<number> {
  const present = await db.selectFrom('tmf_artifacts').select('artifact_number').limit(1).executeTakeFirst();
  if (present) return 0;
  const artifacts = await readTmfReferenceModel();
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < artifacts.length; i += 100) {
      await tx
        .insertInto('tmf_artifacts')
        .values(artifacts.slice(i, i + 100))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  });
  return artifacts.length;
}

/** Is this an artifact number of the TMF Reference Model? */
export async function isTmfArtifact(db: Kysely<DB>, artifactNumber: string): Promise<boolean> {
  const row = await db
    .selectFrom('tmf_artifacts')
    .select('artifact_number')
    .where('artifact_number', '=', artifactNumber)
    .executeTakeFirst();
  return Boolean(row);
}

/** The whole taxonomy, in artifact-number order (public reference data, the same for every tenant). */
export function listTmfArtifacts(db: Kysely<DB>): Promise<TmfArtifactsTable[]> {
  return db.selectFrom('tmf_artifacts').selectAll().orderBy('artifact_number').execute();
}
