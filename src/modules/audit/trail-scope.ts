import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { canSeeArms } from '../participants/blinding.repo.js';
import { canAtStudySite, canIdentify } from '../participants/participant-access.repo.js';
import { canSeeBlockSizes } from '../randomization/randomization.repo.js';
import { findVisibleStudy } from '../studies/study.repo.js';
import { findVisibleStudySitesOfStudy } from '../study-sites/study-site.repo.js';

/**
 * What of one study's trail the caller may read, per study-site: the rules each record's
 * history reader applies, decided once per study-site instead of once per row. Study-level
 * records (the study, its protocol and consent form versions, its scheme) show to whoever sees
 * the study; a study-site's records to whoever sees that study-site; participants' records
 * where the caller may read participants; identities only where the caller may identify
 * (never the sponsor's side); allocations only where the caller may see arms (blinding); the
 * randomization scheme only to those who may see its block sizes (ICH E9 2.3.2).
 */
export interface TrailScope {
  studyId: string;
  schemeVisible: boolean;
  studySiteIds: string[];
  participantSiteIds: string[];
  identifySiteIds: string[];
  armSiteIds: string[];
}

/** The caller's scope of a study's trail; undefined when the study is not visible (404). */
export async function trailScopeOfStudy(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<TrailScope | undefined> {
  const study = await findVisibleStudy(db, ctx, studyId);
  if (!study) return undefined;
  const studySites = (await findVisibleStudySitesOfStudy(db, ctx, studyId)).filter((studySite) =>
    canAtStudySite(ctx, 'audit.read', studySite),
  );
  const participantSites = studySites.filter((studySite) => canAtStudySite(ctx, 'participant.read', studySite));
  const armSites = [];
  for (const studySite of participantSites) if (await canSeeArms(db, ctx, studySite)) armSites.push(studySite);
  return {
    studyId,
    schemeVisible: canSeeBlockSizes(ctx, study),
    studySiteIds: studySites.map((studySite) => studySite.id),
    participantSiteIds: participantSites.map((studySite) => studySite.id),
    identifySiteIds: participantSites.filter((studySite) => canIdentify(ctx, studySite)).map((studySite) => studySite.id),
    armSiteIds: armSites.map((studySite) => studySite.id),
  };
}
