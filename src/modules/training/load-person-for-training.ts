import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { forbidden, invalidField, notFound } from '../../platform/errors.js';
import { findVisibleDocument } from '../documents/document.repo.js';
import { canChangePerson, findVisiblePerson } from '../people/person.repo.js';
import { findVisibleStudy } from '../studies/study.repo.js';
import type { TrainingKind } from './training.schemas.js';

/**
 * The person whose training is written: seen by the caller (else 404), and writable through a
 * grant on their organization or a site they work at (else 403), as for their other records.
 */
export async function loadPersonForTrainingWrite(tx: Kysely<DB>, ctx: RequestContext, personId: string) {
  const person = await findVisiblePerson(tx, ctx, personId);
  if (!person) throw notFound('person');
  if (!(await canChangePerson(tx, ctx.actor, 'training.write', person))) throw forbidden();
  return person;
}

export interface TrainingFields {
  kind: TrainingKind;
  studyId: string | null;
  protocolVersion: string | null;
  expiresOn: string | null;
  documentId: string | null;
}

/** The rules of each kind, and references the caller must be able to see (else 400 naming the field). */
export async function checkTrainingFields(tx: Kysely<DB>, ctx: RequestContext, personId: string, fields: TrainingFields): Promise<void> {
  if (fields.kind === 'protocol') {
    if (!fields.studyId) throw invalidField('/studyId', 'Protocol training names the study.');
    if (!fields.protocolVersion) throw invalidField('/protocolVersion', 'Protocol training names the protocol version.');
  } else if (fields.protocolVersion) {
    throw invalidField('/protocolVersion', 'Only protocol training has a protocol version.');
  }
  if (fields.kind === 'licence' && !fields.expiresOn) {
    throw invalidField('/expiresOn', 'A licence is valid until a date: give it.');
  }
  if (fields.studyId && !(await findVisibleStudy(tx, ctx, fields.studyId))) throw invalidField('/studyId', 'No such study.');
  if (fields.documentId) {
    const document = await findVisibleDocument(tx, ctx, fields.documentId);
    if (!document) throw invalidField('/documentId', 'No such document.');
    if (document.person_id !== personId) throw invalidField('/documentId', "Not a document of this person's file.");
  }
}
