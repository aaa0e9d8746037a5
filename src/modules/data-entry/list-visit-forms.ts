import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { notFound } from '../../platform/errors.js';
import { pickText } from '../crf-metadata/load-crf-metadata.js';
import { findStudySiteForParticipants, findVisibleParticipant } from '../participants/participant-access.repo.js';
import { findVisibleVisit } from '../visits/visit.repo.js';
import {
  findCrfVersionOfProtocol,
  formEntriesOfVisits,
  formStatusCounts,
  formsOfVisitCodes,
  visitsOfParticipant,
} from './data-entry.repo.js';
import type { VisitForms } from './data-entry.schemas.js';

type VisitRef = { id: string; code: string; name: string; protocol_version_id: string | null };

/**
 * The forms of each visit with their status: the forms of the study events mapped to the visit's
 * code in its protocol version's CRF metadata, and the entries made. A few queries whatever the
 * number of visits; the values are not read.
 */
async function formsOfVisits(db: Kysely<DB>, visits: VisitRef[]): Promise<VisitForms[]> {
  const versionIds = [...new Set(visits.map((v) => v.protocol_version_id).filter((v): v is string => v !== null))];
  const byVersion = new Map<string, Awaited<ReturnType<typeof formsOfVisitCodes>>>();
  const crfVersions = new Map<string, { id: string; default_language: string; languages: string[] }>();
  for (const versionId of versionIds) {
    const crf = await findCrfVersionOfProtocol(db, versionId);
    if (!crf) continue;
    crfVersions.set(versionId, crf);
    const codes = visits.filter((v) => v.protocol_version_id === versionId).map((v) => v.code);
    byVersion.set(versionId, await formsOfVisitCodes(db, crf.id, [...new Set(codes)]));
  }
  const entries = await formEntriesOfVisits(
    db,
    visits.map((v) => v.id),
  );
  return visits.map((visit) => {
    const crf = visit.protocol_version_id ? crfVersions.get(visit.protocol_version_id) : undefined;
    const forms = visit.protocol_version_id ? (byVersion.get(visit.protocol_version_id) ?? []) : [];
    return {
      visitId: visit.id,
      visitCode: visit.code,
      visitName: visit.name,
      hasCrfMetadata: Boolean(crf),
      forms: forms
        .filter((f) => f.visit_code === visit.code)
        .map((f) => {
          const entry = entries.find((e) => e.participant_visit_id === visit.id && e.crf_form_id === f.id);
          return {
            formOid: f.oid,
            name: f.name,
            description: crf ? pickText(f.description, crf.default_language, crf.default_language) : null,
            mandatory: f.mandatory,
            collectionExceptionConditionOid: f.collection_exception_condition_oid,
            status: (entry?.status ?? 'not_started') as VisitForms['forms'][number]['status'],
            version: entry?.version ?? 0,
            firstSavedAt: entry?.first_saved_at ? iso(entry.first_saved_at) : null,
            lastChangedAt: entry ? iso(entry.last_changed_at) : null,
          };
        }),
    };
  });
}

/** A participant's visits, each with its forms and their status; 404 outside the caller's study-sites. */
export async function listParticipantForms(db: Kysely<DB>, ctx: RequestContext, participantId: string) {
  const visible = await findVisibleParticipant(db, ctx, participantId);
  if (!visible) throw notFound('participant');
  const visits = await visitsOfParticipant(db, visible.participant.id);
  return {
    participantId: visible.participant.id,
    subjectNumber: visible.participant.subject_number,
    visits: await formsOfVisits(db, visits),
  };
}

/** One visit's forms with their status; 404 outside the caller's study-sites. */
export async function listVisitForms(db: Kysely<DB>, ctx: RequestContext, visitId: string): Promise<VisitForms> {
  const found = await findVisibleVisit(db, ctx, visitId);
  if (!found) throw notFound('visit');
  const [forms] = await formsOfVisits(db, [found.visit]);
  if (!forms) throw notFound('visit');
  return forms;
}

/** A study-site's forms per status, from the counts the trigger keeps; 404 outside the caller's study-sites. */
export async function studySiteFormCounts(db: Kysely<DB>, ctx: RequestContext, studySiteId: string) {
  const studySite = await findStudySiteForParticipants(db, ctx, studySiteId);
  if (!studySite) throw notFound('study-site');
  const rows = await formStatusCounts(db, studySite.id);
  const of = (status: string) => rows.find((r) => r.status === status)?.forms ?? 0;
  return { studySiteId: studySite.id, draft: of('draft'), saved: of('saved') };
}
