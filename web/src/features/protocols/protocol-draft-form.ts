import { ApiError } from '../../app/api-client';
import type { CriterionKind, ProtocolUpdate, ProtocolVersion, VisitAnchor, VisitKind } from './protocol-api';

/**
 * The draft editor's form: the schedule of activities as a study manager reads it, visits as
 * columns and procedures as rows (each row ticked under the visits that do it), where the API
 * nests each visit's procedures inside the visit. These functions convert both ways and put the
 * API's field errors (JSON Pointers into its body) under the grid cell they are about.
 */
export interface ArmDraft {
  code: string;
  name: string;
  allocationRatio: number | string;
  blindedLabel: string;
}

export interface VisitDraft {
  /** Stable while editing, so a procedure row's ticks survive visits being added or removed. */
  key: string;
  code: string;
  name: string;
  kind: VisitKind;
  anchor: VisitAnchor | '';
  targetDay: number | string;
  windowBeforeDays: number | string;
  windowAfterDays: number | string;
}

export interface ProcedureDraft {
  code: string;
  name: string;
  required: boolean;
  /** The keys of the visits that do this procedure. */
  visitKeys: string[];
}

export interface CriterionDraft {
  kind: CriterionKind;
  number: number | string;
  text: string;
}

export interface DraftValues extends Record<string, unknown> {
  versionLabel: string;
  summaryOfChanges: string;
  arms: ArmDraft[];
  visits: VisitDraft[];
  procedures: ProcedureDraft[];
  criteria: CriterionDraft[];
  reason: string;
}

let keys = 0;
export const newVisitKey = () => `visit-${++keys}`;

export const emptyArm = (): ArmDraft => ({ code: '', name: '', allocationRatio: 1, blindedLabel: '' });
export const emptyVisit = (): VisitDraft => ({
  key: newVisitKey(),
  code: '',
  name: '',
  kind: 'treatment',
  anchor: 'baseline',
  targetDay: '',
  windowBeforeDays: 0,
  windowAfterDays: 0,
});
export const emptyProcedure = (): ProcedureDraft => ({ code: '', name: '', required: true, visitKeys: [] });

/** The version as the editor shows it: a procedure done at several visits (same code) is one row. */
export function toDraftValues(version: ProtocolVersion): DraftValues {
  const visits = version.visits.map((visit) => ({
    key: newVisitKey(),
    code: visit.code,
    name: visit.name,
    kind: visit.kind,
    anchor: visit.anchor ?? ('' as const),
    targetDay: visit.targetDay ?? '',
    windowBeforeDays: visit.windowBeforeDays,
    windowAfterDays: visit.windowAfterDays,
  }));
  const procedures: ProcedureDraft[] = [];
  version.visits.forEach((visit, index) => {
    const visitKey = visits[index]?.key ?? '';
    for (const procedure of visit.procedures) {
      const row = procedures.find((p) => p.code === procedure.code);
      if (row) {
        row.visitKeys.push(visitKey);
        // Required anywhere reads as required: the row carries one flag for every visit.
        row.required ||= procedure.required;
      } else procedures.push({ code: procedure.code, name: procedure.name, required: procedure.required, visitKeys: [visitKey] });
    }
  });
  return {
    versionLabel: version.versionLabel,
    summaryOfChanges: version.summaryOfChanges ?? '',
    arms: version.arms.map((arm) => ({
      code: arm.code,
      name: arm.name,
      allocationRatio: arm.allocationRatio,
      blindedLabel: arm.blindedLabel ?? '',
    })),
    visits,
    procedures,
    criteria: version.criteria.map((criterion) => ({ kind: criterion.kind, number: criterion.number, text: criterion.text })),
    reason: '',
  };
}

const whole = (value: number | string): number => (typeof value === 'number' ? value : Number(value.trim()));
const wholeOrNull = (value: number | string): number | null => (value === '' ? null : whole(value));

/** The PATCH body: every section, replaced whole. */
export function toUpdateBody(values: DraftValues): ProtocolUpdate {
  return {
    versionLabel: values.versionLabel.trim(),
    summaryOfChanges: values.summaryOfChanges.trim() || null,
    arms: values.arms.map((arm) => ({
      code: arm.code.trim(),
      name: arm.name.trim(),
      allocationRatio: whole(arm.allocationRatio),
      blindedLabel: arm.blindedLabel.trim() || null,
    })),
    visits: values.visits.map((visit) => {
      const unscheduled = visit.kind === 'unscheduled';
      return {
        code: visit.code.trim(),
        name: visit.name.trim(),
        kind: visit.kind,
        anchor: unscheduled || visit.anchor === '' ? null : visit.anchor,
        targetDay: unscheduled ? null : wholeOrNull(visit.targetDay),
        windowBeforeDays: unscheduled ? 0 : whole(visit.windowBeforeDays),
        windowAfterDays: unscheduled ? 0 : whole(visit.windowAfterDays),
        procedures: values.procedures
          .filter((procedure) => procedure.visitKeys.includes(visit.key))
          .map((procedure) => ({ code: procedure.code.trim(), name: procedure.name.trim(), required: procedure.required })),
      };
    }),
    criteria: values.criteria.map((criterion) => ({ kind: criterion.kind, number: whole(criterion.number), text: criterion.text.trim() })),
    reason: values.reason.trim() || null,
  };
}

/**
 * Where an API pointer is shown in the editor: '/visits/2/procedures/1/code' is the code of the
 * row of the procedure that visit lists second; '/arms' (a whole section) is the section itself.
 */
export function formPathOf(pointer: string, values: DraftValues): string | null {
  const parts = pointer.split('/').slice(1);
  const [section, index, field, procedureIndex, procedureField] = parts;
  if (!section) return null;
  if (section === 'visits' && field === 'procedures' && index !== undefined) {
    const visit = values.visits[Number(index)];
    const inVisit = values.procedures.filter((procedure) => visit && procedure.visitKeys.includes(visit.key));
    const procedure = inVisit[Number(procedureIndex)];
    const row = procedure ? values.procedures.indexOf(procedure) : -1;
    if (row < 0) return 'procedures';
    return `procedures.${row}.${procedureField ?? 'code'}`;
  }
  if (['arms', 'visits', 'criteria'].includes(section)) {
    if (index === undefined) return section;
    return field ? `${section}.${index}.${field}` : section;
  }
  return ['versionLabel', 'summaryOfChanges', 'reason'].includes(section) ? section : null;
}

/** Puts each field error under its input; answers the pointers placed, so the alert shows only the rest. */
export function applyDraftProblem(error: unknown, values: DraftValues, setFieldError: (path: string, message: string) => void): string[] {
  if (!(error instanceof ApiError)) return [];
  const placed: string[] = [];
  // A cell can break two rules at once (a day both negative and out of order): say both.
  const messages = new Map<string, string[]>();
  for (const { pointer, detail } of error.problem.errors ?? []) {
    const path = formPathOf(pointer, values);
    if (path) {
      messages.set(path, [...(messages.get(path) ?? []), detail]);
      placed.push(pointer);
    }
  }
  for (const [path, details] of messages) setFieldError(path, details.join(' '));
  return placed;
}

const codePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;
const codeRule = (value: string) =>
  codePattern.test(value.trim()) ? null : 'Letters, digits, _ . -, starting with a letter or digit (at most 40).';
const textRule = (max: number) => (value: string) =>
  value.trim() === '' ? 'Required.' : value.trim().length > max ? `At most ${max} characters.` : null;
const wholeRule =
  (min: number, max: number, what = 'Must be a whole number.') =>
  (value: number | string) => {
    const number = whole(value);
    if (value === '' || !Number.isInteger(number)) return what;
    if (number < min) return `At least ${min}.`;
    return number > max ? `At most ${max}.` : null;
  };

/** The checks the API's schema makes on each field, so most mistakes show before saving. */
export const draftValidation = {
  versionLabel: textRule(100),
  arms: {
    code: codeRule,
    name: textRule(200),
    allocationRatio: wholeRule(1, 100),
  },
  visits: {
    code: codeRule,
    name: textRule(200),
    targetDay: (value: number | string, values: DraftValues, path: string) => {
      const visit = values.visits[Number(path.split('.')[1])];
      if (visit?.kind === 'unscheduled') return null;
      return value === '' ? 'A scheduled visit needs a target day.' : wholeRule(-3650, 3650, 'Must be a whole number of days.')(value);
    },
    anchor: (value: string, values: DraftValues, path: string) => {
      const visit = values.visits[Number(path.split('.')[1])];
      return visit?.kind !== 'unscheduled' && value === '' ? 'A scheduled visit needs an anchor.' : null;
    },
    windowBeforeDays: wholeRule(0, 3650, 'Must be a whole number of days.'),
    windowAfterDays: wholeRule(0, 3650, 'Must be a whole number of days.'),
  },
  procedures: {
    code: codeRule,
    name: textRule(200),
  },
  criteria: {
    number: wholeRule(1, 1000),
    text: textRule(4000),
  },
};
