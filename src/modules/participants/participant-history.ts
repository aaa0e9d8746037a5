import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { findStudyForProtocols } from '../protocols/protocol.repo.js';
import { canSeeArmOf } from '../randomization/blinding.js';
import { canSeeBlockSizes, findStudyForRandomization } from '../randomization/randomization.repo.js';
import { canAtStudySite, canIdentify, findStudySiteForParticipants, findVisibleParticipant } from './participant-access.js';

/**
 * History readers for audit.repo.ts, for every record of migration 0008: who may read a
 * record's history is who may see the record. Identities need a site-level role; allocations
 * need the right to see arms; the rest follow the participant's study-site.
 */
type Reader = (db: Kysely<DB>, ctx: RequestContext, id: string) => Promise<boolean>;

const viaParticipant =
  (table: 'consents' | 'reconsent_tasks' | 'participant_visits' | 'emergency_unblindings'): Reader =>
  async (db, ctx, id) => {
    const row = await db.selectFrom(table).select('participant_id').where('id', '=', id).executeTakeFirst();
    return Boolean(row && (await findVisibleParticipant(db, ctx, row.participant_id)));
  };

export const participantHistoryReaders = {
  participant_settings: (async (db, ctx, studyId) => Boolean(await findStudyForProtocols(db, ctx, studyId))) as Reader,
  // Its history shows block sizes, which enrolling staff must not know (ICH E9 2.3.2).
  randomization_scheme: (async (db, ctx, id) => {
    const row = await db.selectFrom('randomization_schemes').select('study_id').where('id', '=', id).executeTakeFirst();
    const study = row && (await findStudyForRandomization(db, ctx, row.study_id));
    return Boolean(study && canSeeBlockSizes(ctx, study));
  }) as Reader,
  identity: (async (db, ctx, id) => {
    const row = await db.selectFrom('identities').select('study_site_id').where('id', '=', id).executeTakeFirst();
    const studySite = row && (await findStudySiteForParticipants(db, ctx, row.study_site_id));
    return Boolean(studySite && canIdentify(ctx, studySite));
  }) as Reader,
  prescreen_candidate: (async (db, ctx, id) => {
    const row = await db.selectFrom('prescreen_candidates').select('study_site_id').where('id', '=', id).executeTakeFirst();
    return Boolean(row && (await findStudySiteForParticipants(db, ctx, row.study_site_id)));
  }) as Reader,
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
  protocol_deviation: (async (db, ctx, id) => {
    const row = await db.selectFrom('protocol_deviations').select('study_site_id').where('id', '=', id).executeTakeFirst();
    const studySite = row && (await findStudySiteForParticipants(db, ctx, row.study_site_id));
    return Boolean(studySite && canAtStudySite(ctx, 'deviation.read', studySite));
  }) as Reader,
  // A feed or a message concerns one user: only they (or the system) read its history.
  calendar_feed: (async (db, ctx, id) => {
    const row = await db.selectFrom('calendar_feeds').select('user_id').where('id', '=', id).executeTakeFirst();
    return Boolean(row && (ctx.actor.kind === 'system' || (ctx.actor.kind === 'user' && ctx.actor.userId === row.user_id)));
  }) as Reader,
  user_notification: (async (db, ctx, id) => {
    const row = await db.selectFrom('user_notifications').select('user_id').where('id', '=', id).executeTakeFirst();
    return Boolean(row && (ctx.actor.kind === 'system' || (ctx.actor.kind === 'user' && ctx.actor.userId === row.user_id)));
  }) as Reader,
};
