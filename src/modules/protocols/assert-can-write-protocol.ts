import { assertCan, can, type ResourceScope } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { forbidden } from '../../platform/errors.js';
import { studyScope } from '../studies/study.repo.js';
import { studySiteScope } from '../study-sites/study-site.repo.js';

type StudyLike = { id: string; sponsor_org_id: string; cro_org_id: string | null };

/** Protocol and ICF versions are the study team's documents: protocol.write on the study. */
export function assertCanWriteProtocol(ctx: RequestContext, study: StudyLike): void {
  assertCan(ctx, 'protocol.write', studyScope(study));
}

/**
 * ICH E6(R3) 2.4 / 3.4: the IRB/IEC approval of a protocol or consent form version reaches the
 * site and the sponsor. Either side records it: the study team (protocol.write on the study) or
 * whoever keeps the study-site's record (studySite.update at that study-site: the SMO network
 * lead, the study manager). Not every coordinator: the date switches the schedule and the
 * consent version for every participant at the site, so it stays with those who manage the
 * study-site itself.
 */
export function assertCanRecordSiteApproval(ctx: RequestContext, studySite: Parameters<typeof studySiteScope>[0]): void {
  const study: ResourceScope = studyScope({
    id: studySite.study_id,
    sponsor_org_id: studySite.sponsor_org_id,
    cro_org_id: studySite.cro_org_id,
  });
  if (can(ctx.actor, 'protocol.write', study) || can(ctx.actor, 'studySite.update', studySiteScope(studySite))) return;
  throw forbidden('Recording a site approval needs protocol.write on the study or studySite.update at the study-site.');
}
