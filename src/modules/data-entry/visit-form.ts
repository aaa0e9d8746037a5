import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict, notFound } from '../../platform/errors.js';
import { findVisibleVisit } from '../visits/visit.repo.js';
import { findCrfVersionOfProtocol, formsOfVisitCodes } from './data-entry.repo.js';

/**
 * A visit the caller may see and one of the forms collected at it, by the form's OID. 404 for a
 * visit outside the caller's study-sites or a form not collected at the visit; 409 when the
 * visit's protocol version has no CRF metadata (the study build is not done).
 */
export async function findVisitForm(db: Kysely<DB>, ctx: RequestContext, visitId: string, formOid: string) {
  const found = await findVisibleVisit(db, ctx, visitId);
  if (!found) throw notFound('visit');
  const { visit } = found;
  const crf = visit.protocol_version_id ? await findCrfVersionOfProtocol(db, visit.protocol_version_id) : undefined;
  if (!crf) throw conflict(`Visit ${visit.code} has no forms: its protocol version has no CRF metadata.`);
  const form = (await formsOfVisitCodes(db, crf.id, [visit.code])).find((f) => f.oid === formOid);
  if (!form) throw notFound(`form ${formOid} at visit ${visit.code}`);
  return { ...found, crf, form };
}
export type VisitForm = Awaited<ReturnType<typeof findVisitForm>>;
