import type { Insertable, Kysely, Selectable } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { notFound } from '../../platform/errors.js';
import {
  canAtStudySite,
  findStudySiteForParticipants,
  findVisibleParticipant,
  type VisibleParticipant,
} from '../participants/participant-access.repo.js';
import type { StudySiteJoined } from '../study-sites/study-site.repo.js';
import type { AdverseEvent } from './safety.schemas.js';

export type AdverseEventRow = Selectable<DB['adverse_events']>;
type Joined = AdverseEventRow & { subject_number: string; sae_report_id: string | null };

/** Sponsor-side readers see the subject number only: an adverse event carries no identity field at all. */
function toAdverseEvent(row: Joined): AdverseEvent {
  return {
    id: row.id,
    studyId: row.study_id,
    studySiteId: row.study_site_id,
    participantId: row.participant_id,
    subjectNumber: row.subject_number,
    verbatimTerm: row.verbatim_term,
    codedCode: row.coded_code,
    codedTerm: row.coded_term,
    dictionaryName: row.dictionary_name,
    dictionaryVersion: row.dictionary_version,
    onsetDate: row.onset_date,
    resolutionDate: row.resolution_date,
    severityGrade: row.severity_grade,
    serious: row.serious,
    seriousCriteria: row.serious_criteria as AdverseEvent['seriousCriteria'],
    causality: row.causality as AdverseEvent['causality'],
    expectedness: row.expectedness as AdverseEvent['expectedness'],
    referenceSafetyInfo: row.reference_safety_info,
    referenceDocumentId: row.reference_document_id,
    actionTaken: row.action_taken as AdverseEvent['actionTaken'],
    outcome: row.outcome as AdverseEvent['outcome'],
    saeReportId: row.sae_report_id,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function selectEvents(db: Kysely<DB>) {
  return db
    .selectFrom('adverse_events')
    .innerJoin('participants', 'participants.id', 'adverse_events.participant_id')
    .leftJoin('sae_reports', 'sae_reports.adverse_event_id', 'adverse_events.id')
    .selectAll('adverse_events')
    .select(['participants.subject_number', 'sae_reports.id as sae_report_id']);
}

/** The event and its participant, when the caller reads adverse events at its study-site (else undefined: 404). */
export async function findVisibleEventRow(
  db: Kysely<DB>,
  ctx: RequestContext,
  id: string,
  options: { lock?: boolean } = {},
): Promise<{ row: AdverseEventRow; visible: VisibleParticipant } | undefined> {
  let query = db.selectFrom('adverse_events').selectAll().where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  const visible = row && (await findVisibleParticipant(db, ctx, row.participant_id));
  return row && visible && canAtStudySite(ctx, 'ae.read', visible.studySite) ? { row, visible } : undefined;
}

export async function unsafeLoadEvent(db: Kysely<DB>, id: string): Promise<AdverseEvent> {
  return toAdverseEvent(await selectEvents(db).where('adverse_events.id', '=', id).executeTakeFirstOrThrow());
}

export async function getAdverseEvent(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<AdverseEvent> {
  const found = await findVisibleEventRow(db, ctx, id);
  if (!found) throw notFound('adverse event');
  return unsafeLoadEvent(db, found.row.id);
}

export async function listParticipantEvents(db: Kysely<DB>, ctx: RequestContext, participantId: string): Promise<AdverseEvent[]> {
  const visible = await findVisibleParticipant(db, ctx, participantId);
  if (!visible || !canAtStudySite(ctx, 'ae.read', visible.studySite)) throw notFound('participant');
  const rows = await selectEvents(db)
    .where('adverse_events.participant_id', '=', participantId)
    .orderBy('adverse_events.onset_date')
    .orderBy('adverse_events.created_at')
    .execute();
  return rows.map(toAdverseEvent);
}

export async function insertEvent(tx: Kysely<DB>, values: Insertable<DB['adverse_events']>): Promise<string> {
  const { id } = await tx.insertInto('adverse_events').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Whether a document of the study can stand as its reference safety information. */
export async function isStudyDocument(db: Kysely<DB>, studyId: string, documentId: string): Promise<boolean> {
  const row = await db.selectFrom('documents').select('id').where('id', '=', documentId).where('study_id', '=', studyId).executeTakeFirst();
  return Boolean(row);
}

/** The study-site of a record, when the caller reads adverse events there. */
export async function studySiteForSafety(db: Kysely<DB>, ctx: RequestContext, studySiteId: string): Promise<StudySiteJoined | undefined> {
  const studySite = await findStudySiteForParticipants(db, ctx, studySiteId);
  return studySite && canAtStudySite(ctx, 'ae.read', studySite) ? studySite : undefined;
}
