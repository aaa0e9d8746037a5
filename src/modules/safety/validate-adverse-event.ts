import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { type FieldError, invalid } from '../../platform/errors.js';
import type { VisibleParticipant } from '../participants/participant-access.repo.js';
import { studySiteToday } from '../study-sites/study-site.repo.js';
import { isStudyDocument } from './adverse-event.repo.js';
import { isCertainlyBefore } from './partial-dates.js';
import type { AdverseEventInput } from './safety.schemas.js';

/**
 * The rules zod cannot check alone: dates against each other and the site's today, the
 * seriousness criteria (ICH E2A: a serious event meets at least one), the awareness time that
 * starts the site clock, and the reference document being the study's.
 */
export async function validateAdverseEvent(
  db: Kysely<DB>,
  visible: VisibleParticipant,
  input: AdverseEventInput,
  options: { opensReport: boolean; now: Date },
): Promise<void> {
  const errors: FieldError[] = [];
  const today = studySiteToday(visible.studySite, options.now);
  if (isCertainlyBefore(today, input.onsetDate))
    errors.push({ pointer: '/onsetDate', detail: `The onset cannot be in the future (today at the site is ${today}).` });
  if (input.resolutionDate && isCertainlyBefore(input.resolutionDate, input.onsetDate))
    errors.push({ pointer: '/resolutionDate', detail: `The resolution cannot be before the onset (${input.onsetDate}).` });
  if (input.serious && input.seriousCriteria.length === 0)
    errors.push({ pointer: '/seriousCriteria', detail: 'A serious event meets at least one seriousness criterion.' });
  if (!input.serious && input.seriousCriteria.length > 0)
    errors.push({ pointer: '/seriousCriteria', detail: 'Only a serious event has seriousness criteria.' });
  if (input.outcome === 'fatal' && !input.seriousCriteria.includes('death'))
    errors.push({ pointer: '/seriousCriteria', detail: 'A fatal outcome makes the event serious with the criterion death.' });
  if (options.opensReport) {
    if (!input.siteAwareAt)
      errors.push({ pointer: '/siteAwareAt', detail: 'When did the site learn the event is serious? The 24-hour clock runs from it.' });
    else if (Date.parse(input.siteAwareAt) > options.now.getTime())
      errors.push({ pointer: '/siteAwareAt', detail: 'The awareness time cannot be in the future.' });
  }
  if (input.referenceDocumentId && !(await isStudyDocument(db, visible.participant.study_id, input.referenceDocumentId)))
    errors.push({ pointer: '/referenceDocumentId', detail: 'The study has no such document.' });
  if (errors.length > 0) throw invalid(errors, errors[0]?.detail);
}

/** The event's columns from a request (the report's awareness time and narrative are not the event's). */
export function eventColumns(input: AdverseEventInput) {
  return {
    verbatim_term: input.verbatimTerm,
    coded_code: input.codedCode ?? null,
    coded_term: input.codedTerm ?? null,
    dictionary_name: input.dictionaryName ?? null,
    dictionary_version: input.dictionaryVersion ?? null,
    onset_date: input.onsetDate,
    resolution_date: input.resolutionDate ?? null,
    severity_grade: input.severityGrade,
    serious: input.serious,
    serious_criteria: [...new Set(input.seriousCriteria)],
    causality: input.causality,
    expectedness: input.expectedness,
    reference_safety_info: input.referenceSafetyInfo ?? null,
    reference_document_id: input.referenceDocumentId ?? null,
    action_taken: input.actionTaken,
    outcome: input.outcome,
  };
}
