import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { invalidField } from '../../platform/errors.js';
import { listCrfItemDefinitions } from '../crf-metadata/crf-metadata.repo.js';
import { findEditCheckScope } from './edit-check-access.js';
import { RedcapTranslationError, translateRedcapLogic } from './redcap-logic.js';

/** REDCap branching logic in the CEL of edit checks, typed by this metadata's items; what it cannot translate answers 400 at /logic. */
export async function translateRedcap(db: Kysely<DB>, ctx: RequestContext, studyId: string, protocolVersionId: string, logic: string) {
  const { metadata } = await findEditCheckScope(db, ctx, studyId, protocolVersionId);
  const items = (await listCrfItemDefinitions(db, metadata.id)).map((i) => ({ oid: i.oid, dataType: i.data_type }));
  try {
    return { expression: translateRedcapLogic(logic, items) };
  } catch (error) {
    if (error instanceof RedcapTranslationError) throw invalidField('/logic', error.message);
    throw error;
  }
}
