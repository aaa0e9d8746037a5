import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { studyOfIcfVersion } from './icf.repo.js';
import { findStudyForProtocols, findVisibleProtocolVersion } from './protocol.repo.js';
import { findStudySiteForProtocolsById, studySiteOfIcfApproval, studySiteOfProtocolApproval } from './site-approval.repo.js';

/** History readers for audit.repo.ts: who may read a record's history is who may see the record. */
export async function canReadProtocolVersionHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  return Boolean(await findVisibleProtocolVersion(db, ctx, id));
}

export async function canReadIcfVersionHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  const studyId = await studyOfIcfVersion(db, id);
  return Boolean(studyId && (await findStudyForProtocols(db, ctx, studyId)));
}

export async function canReadProtocolApprovalHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  const studySiteId = await studySiteOfProtocolApproval(db, id);
  return Boolean(studySiteId && (await findStudySiteForProtocolsById(db, ctx, studySiteId)));
}

export async function canReadIcfApprovalHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  const studySiteId = await studySiteOfIcfApproval(db, id);
  return Boolean(studySiteId && (await findStudySiteForProtocolsById(db, ctx, studySiteId)));
}
