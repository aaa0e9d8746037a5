import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { FieldError } from '../../platform/errors.js';
import { takenRandomizationNumbers, takenSubjectNumbers } from '../participants/participant.repo.js';
import { type ProtocolInForce, unsafeInForceOnDays } from '../protocols/in-force.js';
import { activeUsersByEmail, staffByEmail } from './import-references.repo.js';
import { cellError, type ParticipantImportRow, type VisitImportRow } from './read-import-csv.js';

type Row<T> = T & { row: number };

/** What the rows name, resolved to records: consent forms, staff, coordinators, protocols. */
export interface ResolvedReferences {
  icfVersionIdOf: Map<number, string>;
  obtainedByPersonIdOf: Map<number, string>;
  coordinatorUserIdOf: Map<number, string>;
  /** The protocol version in force on each participant's consent (or screening) day. */
  protocolOf: Map<number, ProtocolInForce>;
  /** The protocol version in force on each consent and randomization day of the file. */
  protocolOn: Map<string, ProtocolInForce | undefined>;
}

const lower = (value: string) => value.toLowerCase();
/** How many rows are checked between two reports of progress. */
const rowsPerChunk = 1000;

/**
 * The checks that need the database, each error on its row and column: subject and
 * randomization numbers not taken, the consent form version in force at the site that day,
 * the staff member and the coordinator known, a protocol approved at the site, visit codes of
 * that protocol, no date in the site's future.
 */
export async function checkImportReferences(
  db: Kysely<DB>,
  studySite: { id: string; study_id: string; site_id: string },
  siteToday: string,
  participants: Row<ParticipantImportRow>[],
  visits: Row<VisitImportRow>[],
  onChunk: (rowsChecked: number) => Promise<void> = async () => {},
): Promise<{ errors: FieldError[]; references: ResolvedReferences }> {
  const errors: FieldError[] = [];
  const references: ResolvedReferences = {
    icfVersionIdOf: new Map(),
    obtainedByPersonIdOf: new Map(),
    coordinatorUserIdOf: new Map(),
    protocolOf: new Map(),
    protocolOn: new Map(),
  };
  // A file's rows share a few hundred days and a version or two: the site's approvals are read once.
  const inForce = await unsafeInForceOnDays(db, studySite.id);
  const protocolOn = async (day: string) => {
    if (!references.protocolOn.has(day)) references.protocolOn.set(day, await inForce.protocolOn(day));
    return references.protocolOn.get(day);
  };
  const icfOn = (day: string, language: string) => inForce.icfOn(day, language);
  const subjectNumbers = participants.map((p) => p.subject_number);
  const taken = await takenSubjectNumbers(db, studySite.study_id, subjectNumbers);
  const randomizationNumbers = participants.flatMap((p) => (p.randomization_number ? [p.randomization_number] : []));
  const takenRandomization = await takenRandomizationNumbers(db, studySite.study_id, randomizationNumbers);
  // Staff of the site, by e-mail: who may have obtained consent.
  const personByEmail = await staffByEmail(db, studySite.site_id);
  const coordinatorEmails = [...new Set(participants.flatMap((p) => (p.coordinator_email ? [lower(p.coordinator_email)] : [])))];
  const userByEmail = await activeUsersByEmail(db, coordinatorEmails);

  const futureCheck = (
    row: number,
    column: string,
    value: string | undefined,
    file: 'participantsCsv' | 'visitsCsv' = 'participantsCsv',
  ) => {
    if (value && value > siteToday)
      errors.push(cellError(file, row, column, `${value} is in the future (today at the site is ${siteToday}).`));
  };

  let checked = 0;
  for (const p of participants) {
    if (++checked % rowsPerChunk === 0) await onChunk(checked);
    if (taken.has(p.subject_number))
      errors.push(cellError('participantsCsv', p.row, 'subject_number', `${p.subject_number} exists in this study already.`));
    if (p.randomization_number && takenRandomization.has(p.randomization_number))
      errors.push(cellError('participantsCsv', p.row, 'randomization_number', 'This randomization number exists in this study already.'));
    for (const column of [
      'screened_on',
      'consented_on',
      'screen_failed_on',
      'enrolled_on',
      'completed_on',
      'withdrawn_on',
      'lost_on',
    ] as const) {
      futureCheck(p.row, column, p[column]);
    }
    if (p.coordinator_email) {
      const userId = userByEmail.get(lower(p.coordinator_email));
      if (userId) references.coordinatorUserIdOf.set(p.row, userId);
      else errors.push(cellError('participantsCsv', p.row, 'coordinator_email', 'No active Trialdesk user has this e-mail.'));
    }
    if (p.consented_on && p.consent_obtained_by) {
      const personId = personByEmail.get(lower(p.consent_obtained_by));
      if (personId) references.obtainedByPersonIdOf.set(p.row, personId);
      else errors.push(cellError('participantsCsv', p.row, 'consent_obtained_by', 'No staff member of this site has this e-mail.'));
    }
    if (p.consented_on && p.icf_version) {
      const form = await icfOn(p.consented_on, p.consent_language);
      if (form?.versionLabel === p.icf_version) references.icfVersionIdOf.set(p.row, form.id);
      else
        errors.push(
          cellError(
            'participantsCsv',
            p.row,
            'icf_version',
            form
              ? `On ${p.consented_on} the consent form in force at this site in ${p.consent_language} was ${form.versionLabel}, not ${p.icf_version}.`
              : `No consent form in ${p.consent_language} was approved at this site on ${p.consented_on}.`,
          ),
        );
    }
    const planDay = p.consented_on ?? p.screened_on;
    const protocol = await protocolOn(planDay);
    if (p.enrolled_on) await protocolOn(p.enrolled_on);
    if (protocol) references.protocolOf.set(p.row, protocol);
    else if (p.consented_on)
      errors.push(cellError('participantsCsv', p.row, 'consented_on', `No protocol version was approved at this site on ${planDay}.`));
  }

  const participantBySubject = new Map(participants.map((p) => [p.subject_number, p]));
  for (const v of visits) {
    if (++checked % rowsPerChunk === 0) await onChunk(checked);
    futureCheck(v.row, 'actual_date', v.actual_date, 'visitsCsv');
    const participant = participantBySubject.get(v.subject_number);
    if (!participant) continue;
    const protocol = references.protocolOf.get(participant.row);
    if (!participant.consented_on || !protocol) {
      errors.push(cellError('visitsCsv', v.row, 'subject_number', `${v.subject_number} has no consent date, so no visits are planned.`));
      continue;
    }
    const definition = protocol.visits.find((d) => d.code === v.visit_code && d.kind !== 'unscheduled');
    if (!definition) {
      const codes = protocol.visits.filter((d) => d.kind !== 'unscheduled').map((d) => d.code);
      errors.push(cellError('visitsCsv', v.row, 'visit_code', `Not a visit of protocol ${protocol.versionLabel}: ${codes.join(', ')}.`));
    } else if (definition.anchor !== 'consent' && !participant.enrolled_on) {
      errors.push(
        cellError('visitsCsv', v.row, 'visit_code', `${v.visit_code} follows randomization, and ${v.subject_number} has no enrolled_on.`),
      );
    }
  }
  return { errors, references };
}
