import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { findStudyForProtocols } from '../protocols/protocol.repo.js';
import { canSeeArmOf } from './blinding.repo.js';
import { isIdentityVisible } from './identity.repo.js';
import { findVisibleParticipant, findVisibleParticipantOf, type ParticipantChildTable } from './participant-access.repo.js';
import { findVisibleCandidate } from './prescreen.repo.js';

/**
 * History readers for audit.repo.ts, for the participants module's records of migration 0008
 * (the randomization scheme's, the deviation's and the calendar feed's are their modules'): who
 * may read a record's history is who may see the record. Identities need a site-level role;
 * allocations need the right to see arms; the rest follow the participant's study-site.
 */
type Reader = (db: Kysely<DB>, ctx: RequestContext, id: string) => Promise<boolean>;

const viaParticipant =
  (table: ParticipantChildTable): Reader =>
  async (db, ctx, id) =>
    Boolean(await findVisibleParticipantOf(db, ctx, table, id));

export const participantHistoryReaders = {
  participant_settings: (async (db, ctx, studyId) => Boolean(await findStudyForProtocols(db, ctx, studyId))) as Reader,
  identity: isIdentityVisible,
  prescreen_candidate: (async (db, ctx, id) => Boolean(await findVisibleCandidate(db, ctx, id))) as Reader,
  participant: (async (db, ctx, id) => Boolean(await findVisibleParticipant(db, ctx, id))) as Reader,
  consent: viaParticipant('consents'),
  reconsent_task: viaParticipant('reconsent_tasks'),
  participant_visit: viaParticipant('participant_visits'),
  emergency_unblinding: viaParticipant('emergency_unblindings'),
  // An allocation's entity id is its participant's id.
  allocation: (async (db, ctx, participantId) => {
    const visible = await findVisibleParticipant(db, ctx, participantId);
    return Boolean(visible && (await canSeeArmOf(db, ctx, visible.studySite, participantId)));
  }) as Reader,
};
