import type { StaffRole } from '../people/person.schemas.js';
import { requirementNeed } from '../training/training.repo.js';
import { assessNeed, needKey, type TrainingNeed, unmetReason } from '../training/training-needs.js';
import type { DelegationFacts, EntryRow } from './delegation.repo.js';
import { hashOfRow } from './delegation.repo.js';
import type { Validity } from './delegation.schemas.js';

/**
 * Whether an entry of the log lets its person do its tasks on a day (ICH E6(R3) 2.3: tasks
 * are delegated by the investigator to qualified, trained people). Pure: computed from the
 * facts on every read, never stored. The reasons are sentences a coordinator can act on.
 */
export interface EntryValidity extends Validity {
  taskValidity: ({ code: string; label: string } & Validity)[];
}

export function rolesOn(facts: DelegationFacts, personId: string, on: string): StaffRole[] {
  const rows = facts.staff.filter((s) => s.person_id === personId && s.start_date <= on && (s.end_date === null || s.end_date >= on));
  return [...new Set(rows.map((r) => r.role as StaffRole))];
}

/** Protocol training counts at the version the study requires of the person's roles (or of anyone). */
function protocolNeeds(facts: DelegationFacts, roles: StaffRole[]): TrainingNeed[] {
  const protocol = facts.requirements.filter((r) => r.kind === 'protocol');
  const forRoles = protocol.filter((r) => roles.includes(r.role as StaffRole));
  const versions = [...new Set((forRoles.length ? forRoles : protocol).map((r) => r.protocol_version))];
  const studyId = facts.studySite.study_id;
  return (versions.length ? versions : [null]).map((protocolVersion) => ({ kind: 'protocol', studyId, protocolVersion, title: null }));
}

function taskNeeds(facts: DelegationFacts, code: string, roles: StaffRole[]): TrainingNeed[] {
  const task = facts.tasks.find((t) => t.code === code);
  if (!task) return [];
  const needs: TrainingNeed[] = [];
  for (const kind of task.required_training) {
    if (kind === 'gcp') needs.push({ kind: 'gcp', studyId: null, protocolVersion: null, title: null });
    if (kind === 'protocol') needs.push(...protocolNeeds(facts, roles));
  }
  if (task.requires_licence) needs.push({ kind: 'licence', studyId: null, protocolVersion: null, title: null });
  return needs;
}

function signatureReason(facts: DelegationFacts, entry: EntryRow): string | null {
  const signatures = facts.signatures.filter((s) => s.entity_id === entry.id);
  if (signatures.length === 0) return 'Not signed by the principal investigator.';
  const hash = hashOfRow(entry);
  if (signatures.some((s) => s.content_hash === hash)) return null;
  const last = signatures.at(-1);
  const when = last ? new Date(last.signed_at).toISOString().slice(0, 10) : '';
  return `Changed since the principal investigator signed it on ${when}; it needs a new signature.`;
}

export function entryValidity(facts: DelegationFacts, entry: EntryRow, on: string, onlyTask?: string): EntryValidity {
  const common: string[] = [];
  const signature = signatureReason(facts, entry);
  if (signature) common.push(signature);
  if (on < entry.start_date) common.push(`Starts on ${entry.start_date}; not in effect on ${on}.`);
  if (entry.end_date && on > entry.end_date) common.push(`Ended on ${entry.end_date}.`);
  const roles = rolesOn(facts, entry.person_id, on);
  if (roles.length === 0) common.push(`${entry.person_name} holds no role on this site's staff on ${on}.`);
  const training = facts.training.filter((t) => t.person_id === entry.person_id);
  const roleNeeds = facts.requirements.filter((r) => roles.includes(r.role as StaffRole)).map(requirementNeed);
  const seen = new Set<string>();
  for (const need of roleNeeds) {
    if (seen.has(needKey(need))) continue;
    seen.add(needKey(need));
    const reason = unmetReason(need, assessNeed(training, need, on, 0));
    if (reason) common.push(reason);
  }
  const codes = onlyTask ? [onlyTask] : entry.tasks;
  const taskValidity = codes.map((code) => {
    const label = facts.tasks.find((t) => t.code === code)?.label ?? code;
    const own = taskNeeds(facts, code, roles)
      .filter((need) => !seen.has(needKey(need)))
      .map((need) => unmetReason(need, assessNeed(training, need, on, 0)))
      .filter((r): r is string => r !== null);
    const reasons = [...common, ...new Set(own)];
    return { code, label, valid: reasons.length === 0, reasons };
  });
  // An entry's own reasons: those of every task, each once, naming the tasks it holds back.
  const specific = new Map<string, string[]>();
  for (const task of taskValidity) {
    for (const reason of task.reasons.slice(common.length)) specific.set(reason, [...(specific.get(reason) ?? []), task.label]);
  }
  const reasons = [
    ...common,
    ...[...specific].map(([reason, labels]) =>
      labels.length === taskValidity.length ? reason : `${reason.replace(/\.$/, '')} (needed for: ${labels.join('; ')}).`,
    ),
  ];
  return { valid: reasons.length === 0, reasons, taskValidity };
}
