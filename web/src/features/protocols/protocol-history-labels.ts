import { labelOf } from '../../lib/enum-labels';
import { criterionKindOptions, visitAnchorOptions, visitKindOptions } from './protocol-api';

type Row = Record<string, unknown>;
const isRow = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A protocol version's history in words: the audit trail stores each arm, visit and criterion
 * as the object it was ("visits.w4": {...}); a reader wants "Week 4: treatment, day 28 from
 * baseline (−3/+3); Vital signs, Safety laboratory".
 */
export function describeProtocolValue(field: string, value: unknown): string | undefined {
  if (!isRow(value)) return undefined;
  if (field.startsWith('arms.')) {
    const blinded = value.blindedLabel ? `, shown blinded as ${String(value.blindedLabel)}` : '';
    return `${String(value.name)} (${String(value.code)}), ratio ${String(value.allocationRatio)}${blinded}`;
  }
  if (field.startsWith('visits.')) {
    const kind = labelOf(visitKindOptions, value.kind as never).toLowerCase();
    const timing =
      value.anchor && value.targetDay !== null && value.targetDay !== undefined
        ? `, day ${String(value.targetDay)} from ${labelOf(visitAnchorOptions, value.anchor as never).toLowerCase()} (−${String(value.windowBeforeDays ?? 0)}/+${String(value.windowAfterDays ?? 0)})`
        : '';
    const procedures = Array.isArray(value.procedures)
      ? value.procedures
          .filter(isRow)
          .map((p) => `${String(p.name)}${p.required === false ? ' (optional)' : ''}`)
          .join(', ')
      : '';
    return `${String(value.name)}: ${kind}${timing}${procedures ? `; ${procedures}` : ''}`;
  }
  if (field.startsWith('criteria.')) {
    return `${labelOf(criterionKindOptions, value.kind as never)} ${String(value.number)}: ${String(value.text)}`;
  }
  return undefined;
}
