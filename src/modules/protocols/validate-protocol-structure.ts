import type { FieldError } from '../../platform/errors.js';
import type { ProtocolStructure } from './protocol.schemas.js';

type Visit = ProtocolStructure['visits'][number];

/** Where each problem is, as a JSON Pointer into the request body: '/visits/3/windowAfterDays'. */
function duplicates<T>(items: T[], keyOf: (item: T) => string, pointer: (index: number) => string, what: string): FieldError[] {
  const seen = new Map<string, number>();
  const errors: FieldError[] = [];
  items.forEach((item, index) => {
    const key = keyOf(item);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else errors.push({ pointer: pointer(index), detail: `${what} ${key} is used twice (first at position ${first + 1}).` });
  });
  return errors;
}

/**
 * The rules every draft keeps: unique codes, a consistent timeline (screening, then baseline on
 * its own day 0, then treatment, follow-up and end of study), windows only on scheduled visits.
 */
export function validateStructure(structure: ProtocolStructure): FieldError[] {
  const errors: FieldError[] = [
    ...duplicates(
      structure.arms,
      (a) => a.code,
      (i) => `/arms/${i}/code`,
      'Arm code',
    ),
    ...duplicates(
      structure.visits,
      (v) => v.code,
      (i) => `/visits/${i}/code`,
      'Visit code',
    ),
    ...structure.visits.flatMap((visit, v) =>
      duplicates(
        visit.procedures,
        (p) => p.code,
        (i) => `/visits/${v}/procedures/${i}/code`,
        `In visit ${visit.code}, procedure code`,
      ),
    ),
    ...duplicates(
      structure.criteria,
      (c) => `${c.kind} ${c.number}`,
      (i) => `/criteria/${i}/number`,
      'Criterion',
    ),
    ...validateVisits(structure.visits),
  ];
  return errors;
}

function validateVisits(visits: Visit[]): FieldError[] {
  const errors: FieldError[] = [];
  const at = (index: number, field: string, detail: string) => errors.push({ pointer: `/visits/${index}/${field}`, detail });
  const baselineIndex = visits.findIndex((v) => v.kind === 'baseline');
  const endIndex = visits.findIndex((v) => v.kind === 'end_of_study');
  const lastDayOn = new Map<string, { day: number; code: string }>();
  visits.forEach((visit, index) => {
    if (visit.kind === 'unscheduled') {
      if (visit.anchor !== null) at(index, 'anchor', 'An unscheduled visit has no anchor.');
      if (visit.targetDay !== null) at(index, 'targetDay', 'An unscheduled visit has no target day.');
      if (visit.windowBeforeDays !== 0 || visit.windowAfterDays !== 0)
        at(index, visit.windowBeforeDays !== 0 ? 'windowBeforeDays' : 'windowAfterDays', 'An unscheduled visit has no window.');
      return;
    }
    if (visit.anchor === null) at(index, 'anchor', 'A scheduled visit needs an anchor (consent, randomization or baseline).');
    if (visit.targetDay === null) at(index, 'targetDay', 'A scheduled visit needs a target day.');
    if (visit.kind === 'baseline' && index !== baselineIndex)
      at(index, 'kind', `A protocol has one baseline visit; ${visits[baselineIndex]?.code} is the baseline already.`);
    if (visit.kind === 'end_of_study' && index !== endIndex)
      at(index, 'kind', `A protocol has one end-of-study visit; ${visits[endIndex]?.code} is it already.`);
    if (visit.kind === 'screening' && baselineIndex >= 0 && index > baselineIndex)
      at(index, 'kind', `A screening visit comes before the baseline visit ${visits[baselineIndex]?.code}.`);
    if (['treatment', 'follow_up', 'end_of_study'].includes(visit.kind) && baselineIndex > index)
      at(index, 'kind', `A ${visit.kind.replace(/_/g, ' ')} visit comes after the baseline visit ${visits[baselineIndex]?.code}.`);
    if (visit.kind !== 'end_of_study' && endIndex >= 0 && index > endIndex)
      at(index, 'kind', `No scheduled visit comes after the end-of-study visit ${visits[endIndex]?.code}.`);
    if (visit.anchor === null || visit.targetDay === null) return;
    if (visit.anchor === 'baseline') {
      if (visit.kind === 'baseline' && visit.targetDay !== 0) at(index, 'targetDay', 'The baseline visit is day 0 of the baseline anchor.');
      if (visit.kind === 'screening' && visit.targetDay > 0)
        at(index, 'targetDay', 'A screening visit is on or before baseline: day 0 or negative.');
      if (['treatment', 'follow_up', 'end_of_study'].includes(visit.kind) && visit.targetDay < 0)
        at(index, 'targetDay', 'A visit after baseline is on day 0 or later of the baseline anchor.');
    }
    const previous = lastDayOn.get(visit.anchor);
    if (previous && visit.targetDay < previous.day)
      at(
        index,
        'targetDay',
        `Day ${visit.targetDay} from ${visit.anchor} is before ${previous.code} (day ${previous.day}): list visits in the order they happen.`,
      );
    lastDayOn.set(visit.anchor, { day: visit.targetDay, code: visit.code });
  });
  return errors;
}

/** What a version needs before it is frozen and may be approved at sites. */
export function validateForFinalize(structure: ProtocolStructure): FieldError[] {
  const errors = validateStructure(structure);
  if (structure.arms.length === 0)
    errors.push({
      pointer: '/arms',
      detail: 'A protocol needs at least one arm (with an allocation ratio of 1 or more) before it is final.',
    });
  if (!structure.visits.some((v) => v.kind !== 'unscheduled'))
    errors.push({ pointer: '/visits', detail: 'A protocol needs at least one scheduled visit before it is final.' });
  const onBaseline = structure.visits.findIndex((v) => v.anchor === 'baseline');
  if (onBaseline >= 0 && !structure.visits.some((v) => v.kind === 'baseline'))
    errors.push({
      pointer: `/visits/${onBaseline}/anchor`,
      detail: 'Visits are anchored to baseline but the schedule has no baseline visit.',
    });
  if (!structure.criteria.some((c) => c.kind === 'inclusion'))
    errors.push({ pointer: '/criteria', detail: 'A protocol needs at least one inclusion criterion before it is final.' });
  return errors;
}
