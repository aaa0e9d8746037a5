import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { listCrfItemDefinitions } from '../crf-metadata/crf-metadata.repo.js';
import { findEditCheckScope } from './edit-check-access.js';
import { itemReference, toEditCheck } from './edit-check-model.js';
import { listEditCheckRules } from './edit-checks.repo.js';

/** The rules of a protocol version's CRF metadata (active and not), with the items an expression may read. */
export async function listEditChecks(db: Kysely<DB>, ctx: RequestContext, studyId: string, protocolVersionId: string) {
  const { metadata } = await findEditCheckScope(db, ctx, studyId, protocolVersionId);
  const [rules, items] = await Promise.all([listEditCheckRules(db, metadata.id), listCrfItemDefinitions(db, metadata.id)]);
  return {
    items: rules.map(toEditCheck),
    crfItems: items.map((i) => ({ oid: i.oid, name: i.name, dataType: i.data_type, reference: itemReference(i.oid) })),
  };
}
