/**
 * How the audit trail reads to a person (an auditor, an inspector): field names as labels,
 * record ids as the names of the records, codes as words, objects as "label: value" pairs.
 * Pure functions: the names and the labels of a study's codes are looked up before
 * (record-names.repo.ts) and handed in. The stored row is never changed (21 CFR 11.10(e)),
 * only how it is shown; the raw values stay beside the text in the API and the JSON export.
 */

import { systemActorName } from './system-actors.js';

/** What the caller's trail names: record ids and, per stratification factor code, its label and its levels' labels. */
export interface TrailNames {
  records: ReadonlyMap<string, string>;
  strata: ReadonlyMap<string, { label: string; levels: ReadonlyMap<string, string> }>;
}

export const noNames: TrailNames = { records: new Map(), strata: new Map() };

/** 'enrollment_closed' or 'activationDate' -> 'Enrollment closed' / 'Activation date'. */
export function humanize(value: string): string {
  const words = value
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// Field names that read badly when only humanized.
const fieldLabels: Record<string, string> = {
  plannedFpiDate: 'Planned FPI date',
  plannedLpiDate: 'Planned LPI date',
  sponsorOrgId: 'Sponsor',
  croOrgId: 'CRO',
  smoOrgId: 'SMO',
  scopeId: 'Scope',
  isActive: 'Active',
  principalInvestigator: 'Principal investigator',
  icfVersionId: 'Consent form version',
  studySiteId: 'Study-site',
  identityId: 'Identity',
  strata: 'Strata',
  contentHash: 'Content hash (SHA-256)',
  sizeBytes: 'Size (bytes)',
  mediaType: 'File type',
  requiresLicence: 'Requires a licence',
  actorUserId: 'User',
};

// Acronyms the humanizer would lower-case.
const acronyms: [RegExp, string][] = [
  [/\bicf\b/gi, 'ICF'],
  [/\birb\b/gi, 'IRB'],
  [/\bgcp\b/gi, 'GCP'],
  [/\bfpi\b/gi, 'FPI'],
  [/\blpi\b/gi, 'LPI'],
  [/\bsmo\b/gi, 'SMO'],
  [/\bcro\b/gi, 'CRO'],
  [/\bpi\b/gi, 'PI'],
  [/\bsha256\b/gi, 'SHA-256'],
  [/\bcda\b/gi, 'CDA'],
  [/\bsiv\b/gi, 'SIV'],
];

function withAcronyms(text: string): string {
  return acronyms.reduce((out, [pattern, word]) => out.replace(pattern, word), text);
}

const crfValueField = /^[A-Za-z_][\w.-]*\[\d+\]\.[A-Za-z_][\w.-]*( unit)?$/;

/** 'candidateId' -> 'Candidate', 'obtainedByPersonId' -> 'Obtained by person', 'approvedExpiryDate' -> 'Approved expiry date'. */
export function fieldLabel(field: string): string {
  const known = fieldLabels[field];
  if (known) return known;
  // A CRF item value (ADR 0018): item group OID, row, item OID, read as the OIDs the form shows.
  if (crfValueField.test(field)) return field;
  // A path into a recorded object ('eligibility.inclusion_1') reads part by part.
  if (field.includes('.')) return field.split('.').map(fieldLabel).join(' › ');
  const withoutId = field.replace(/(User)?Ids?$/, (_, user: string | undefined) => (user ? 'User' : '')) || field;
  return withAcronyms(humanize(withoutId));
}

const entityTypeLabels: Record<string, string> = {
  study_site: 'Study-site',
  study_site_milestone: 'Start-up milestone',
  site_staff: 'Site staff',
  document_version: 'Document version',
  document_rule: 'Expected document',
  document_waiver: 'Document waiver',
  protocol_version: 'Protocol version',
  protocol_site_approval: 'Site approval of a protocol',
  icf_version: 'Consent form version',
  icf_site_approval: 'Site approval of a consent form',
  participant_settings: 'Participant settings',
  prescreen_candidate: 'Pre-screening candidate',
  reconsent_task: 'Re-consent',
  randomization_scheme: 'Randomization scheme',
  emergency_unblinding: 'Emergency unblinding',
  participant_visit: 'Visit',
  participant_visit_schedule: 'Visit schedule',
  protocol_deviation: 'Protocol deviation',
  delegation_entry: 'Delegation log entry',
  delegation_task: 'Delegated task',
  participant_import_job: 'Participant import',
  crf_form_entry: 'Case report form',
};

export function entityTypeLabel(entityType: string): string {
  return entityTypeLabels[entityType] ?? withAcronyms(humanize(entityType));
}

const actionLabels: Record<string, string> = {
  create: 'Created',
  update: 'Updated',
  delete: 'Deleted',
  status_change: 'Status changed',
  login: 'Logged in',
  login_failed: 'Login failed',
  lockout: 'Locked out',
  logout: 'Logged out',
  sign: 'Signed',
  signature_failed: 'Signature refused',
};

export function actionLabel(action: string): string {
  return actionLabels[action] ?? humanize(action);
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const instantPattern = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d+)?)?(Z|[+-]00:?00)$/;
// snake_case codes ('site_selected'): words with underscores, no spaces or punctuation.
const codePattern = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;
// Fields whose single-word values are codes too ('draft', 'double', 'referral').
const codeFieldPattern = /(status|kind|role|outcome|source|blinding|scopeType|reviewStatus|anchor|appliesTo|phase|category|action)$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && uuidPattern.test(value);
}

/** Nothing there: a change from nothing to nothing says nothing and is not shown. */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

export const emptyText = '—';

/** A value of `field` as words. */
export function formatValue(field: string, value: unknown, names: TrailNames = noNames): string {
  if (isEmptyValue(value)) return emptyText;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return formatText(field, value, names);
  if (Array.isArray(value)) return formatList(field, value, names);
  return formatObject(field, value as Record<string, unknown>, names);
}

// Codes whose label is not their words with the underscores taken out: the labels the web app
// shows for them elsewhere (a study-site in "Start-up", a participant "Lost to follow-up").
const codeLabels: Record<string, string> = {
  start_up: 'Start-up',
  lost_to_follow_up: 'Lost to follow-up',
};

function formatText(field: string, value: string, names: TrailNames): string {
  if (isUuid(value)) return names.records.get(value.toLowerCase()) ?? (field === 'identityId' ? 'Identity on file' : 'Record not found');
  const instant = instantPattern.exec(value);
  if (instant) return `${instant[1]} ${instant[2]} UTC`;
  if (codePattern.test(value) || (codeFieldPattern.test(field) && /^[a-z]+$/.test(value)))
    return codeLabels[value] ?? withAcronyms(humanize(value));
  return value;
}

function formatList(field: string, items: unknown[], names: TrailNames): string {
  // Questions, tasks, arms and similar lists read by their text, label or name.
  const named = items.map((item) => {
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      const { text, label, name } = item as { text?: unknown; label?: unknown; name?: unknown };
      const word = text ?? label ?? name;
      if (typeof word === 'string') return word;
    }
    return undefined;
  });
  if (named.every((word) => word !== undefined)) return named.join(' · ');
  return items.map((item) => formatValue(field, item, names)).join(items.every((item) => typeof item !== 'object') ? ', ' : '; ');
}

function formatObject(field: string, value: Record<string, unknown>, names: TrailNames): string {
  const { printedName, meaning, signedAt } = value as { printedName?: unknown; meaning?: unknown; signedAt?: unknown };
  if (typeof printedName === 'string') {
    const when = typeof signedAt === 'string' ? ` on ${formatText('signedAt', signedAt, names)}` : '';
    return `Signed by ${printedName}${typeof meaning === 'string' ? ` (${meaning})` : ''}${when}`;
  }
  if (field === 'strata') return formatStrata(value, names);
  return Object.entries(value)
    .filter(([, inner]) => !isEmptyValue(inner))
    .map(([key, inner]) => `${fieldLabel(key)}: ${formatValue(key, inner, names)}`)
    .join('; ');
}

/** {"AGE":"LT65"} -> "Age group: Under 65", from the study's randomization scheme. */
function formatStrata(value: Record<string, unknown>, names: TrailNames): string {
  return Object.entries(value)
    .map(([code, level]) => {
      const factor = names.strata.get(code.toLowerCase());
      const levelText = typeof level === 'string' ? (factor?.levels.get(level.toLowerCase()) ?? level) : formatValue(code, level, names);
      return `${factor?.label ?? humanize(code)}: ${levelText}`;
    })
    .join('; ');
}

export interface StoredChange {
  field: string;
  old: unknown;
  new: unknown;
}

export interface DescribedChange {
  field: string;
  label: string;
  oldText: string;
  newText: string;
}

/** The changes a person reads: labelled, named, and without those from nothing to nothing. */
export function describeChanges(changes: readonly StoredChange[], names: TrailNames = noNames): DescribedChange[] {
  return changes
    .filter((change) => !(isEmptyValue(change.old) && isEmptyValue(change.new)))
    .map((change) => ({
      field: change.field,
      label: fieldLabel(change.field),
      oldText: formatValue(change.field, change.old, names),
      newText: formatValue(change.field, change.new, names),
    }));
}

/**
 * The changes of an event as a person reads them: a generated schedule (ADR 0016) as what it
 * made, visit by visit; anything else field by field (describeChanges).
 */
export function describeEventChanges(entityType: string, changes: readonly StoredChange[], names: TrailNames = noNames): DescribedChange[] {
  if (entityType === 'participant_visit_schedule') return describeSchedule(changes, names);
  return describeChanges(changes, names);
}

/** A visit as a generated schedule's entry holds it: its id and the values written. */
export type ScheduledVisit = Record<string, unknown> & { id: string; code?: unknown; name?: unknown };

/** The visit of a schedule entry's change, when the change is one ({ field: 'visit', new: { id, … } }). */
export function scheduledVisitOf(change: StoredChange): ScheduledVisit | undefined {
  const value = change.new;
  if (change.field !== 'visit' || !value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return isUuid((value as { id?: unknown }).id) ? (value as ScheduledVisit) : undefined;
}

/**
 * One visit of a schedule entry as the changes of that visit's own creation: what its history
 * shows as its first event. Its id is the record's and its reason the event's, not fields.
 */
export function scheduledVisitChanges(visit: ScheduledVisit): StoredChange[] {
  return Object.entries(visit)
    .filter(([field]) => field !== 'id' && field !== 'reason')
    .map(([field, value]) => ({ field, old: null, new: value }));
}

const scheduleStatusOrder = ['completed', 'missed', 'scheduled', 'cancelled'];

/**
 * "Schedule generated: 25 visits (4 completed, 21 scheduled), Protocol version 2.0", then one
 * line per visit: "SCR · Screening: Completed on 2026-03-02; target 2026-03-01, window
 * 2026-02-26 to 2026-03-04; Notes: …". Every value of the entry appears, named and labelled.
 */
function describeSchedule(changes: readonly StoredChange[], names: TrailNames): DescribedChange[] {
  const visits = changes.map(scheduledVisitOf);
  const lines: DescribedChange[] = [];
  const counted = new Map<string, number>();
  const versions = new Set<string>();
  for (const visit of visits) {
    if (!visit) continue;
    const status = String(visit.status ?? '');
    counted.set(status, (counted.get(status) ?? 0) + 1);
    if (typeof visit.protocolVersionId === 'string') versions.add(visit.protocolVersionId);
  }
  const total = visits.filter(Boolean).length;
  if (total > 0) {
    const statuses = [...counted.entries()]
      .sort(([a], [b]) => scheduleStatusOrder.indexOf(a) - scheduleStatusOrder.indexOf(b))
      .map(([status, n]) => `${n} ${formatValue('status', status, names).toLowerCase()}`);
    const under = [...versions].map((id) => formatValue('protocolVersionId', id, names));
    lines.push({
      field: 'visits',
      label: 'Schedule generated',
      oldText: emptyText,
      newText: `${total} ${total === 1 ? 'visit' : 'visits'} (${statuses.join(', ')})${under.length > 0 ? `, ${under.join(', ')}` : ''}`,
    });
  }
  changes.forEach((change, index) => {
    const visit = visits[index];
    if (!visit) {
      lines.push(...describeChanges([change], names));
      return;
    }
    const { id, code, name, status, actualDate, targetDate, windowStart, windowEnd, protocolVersionId, ...rest } = visit;
    const parts = [
      actualDate
        ? `${formatValue('status', status, names)} on ${formatValue('actualDate', actualDate, names)}`
        : formatValue('status', status, names),
    ];
    if (targetDate)
      parts.push(
        `target ${formatValue('targetDate', targetDate, names)}, window ${formatValue('windowStart', windowStart, names)} to ${formatValue('windowEnd', windowEnd, names)}`,
      );
    // One version for the whole schedule is named once, above; otherwise each visit names its own.
    if (protocolVersionId && versions.size > 1) parts.push(formatValue('protocolVersionId', protocolVersionId, names));
    for (const [field, value] of Object.entries(rest)) {
      if (!isEmptyValue(value)) parts.push(`${fieldLabel(field)}: ${formatValue(field, value, names)}`);
    }
    lines.push({
      field: `visit.${id}`,
      label: [code, name].filter((part) => typeof part === 'string' && part !== '').join(' · ') || 'Visit',
      oldText: emptyText,
      newText: parts.join('; '),
    });
  });
  return lines;
}

/** The record ids a set of changes refers to, to be named before they are shown. */
export function referencedIds(changes: readonly StoredChange[]): string[] {
  const ids = new Set<string>();
  const visit = (value: unknown): void => {
    if (isUuid(value)) ids.add(value.toLowerCase());
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  for (const change of changes) {
    visit(change.old);
    visit(change.new);
  }
  return [...ids];
}

/**
 * 'Sam Manager <sam@example.org>' -> 'Sam Manager': the name of who acted, as recorded at the time;
 * 'system:demo-seed' -> 'System (demo data)' (system-actors.ts).
 */
export function actorName(actorLabel: string): string {
  return systemActorName(actorLabel) ?? /^(.*) <[^>]+>$/.exec(actorLabel)?.[1] ?? actorLabel;
}
