import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { findCrfMetadataVersionById, listCrfItemDefinitions } from '../crf-metadata/crf-metadata.repo.js';
import { listEditCheckRules } from './edit-checks.repo.js';
import type { ItemValues } from './item-values.js';
import { checkRanges, type RangeCheckedItem, type Severity } from './range-checks.js';
import { compileRule, ExpressionError, type RuleEnvironment, ruleEnvironment, runRule } from './rule-engine.js';

/** One failed check at save: data entry refuses a hard one, and saves a soft one with a query on the item. */
export interface EditCheckFailure {
  /** A RangeCheck of the item's metadata, a cross-item rule, or a rule that could not run (a soft failure: a person looks). */
  source: 'range-check' | 'rule' | 'rule-error';
  ruleOid: string | null;
  itemOid: string;
  severity: Severity;
  message: string;
}

/** Everything checking a form needs, loaded once per metadata version (data entry may keep it per request). */
export interface LoadedEditChecks {
  items: ReadonlyMap<string, RangeCheckedItem>;
  environment: RuleEnvironment;
  rules: { oid: string; expression: string; severity: Severity; message: string; itemOids: string[] }[];
  defaultLanguage: string;
}

export async function loadEditChecks(db: Kysely<DB>, metadataVersionId: string): Promise<LoadedEditChecks> {
  const [metadata, itemRows, ruleRows] = await Promise.all([
    findCrfMetadataVersionById(db, metadataVersionId),
    listCrfItemDefinitions(db, metadataVersionId),
    listEditCheckRules(db, metadataVersionId, { activeOnly: true }),
  ]);
  const items = itemRows.map((i) => ({ oid: i.oid, dataType: i.data_type, rangeChecks: i.range_checks }));
  return {
    items: new Map(items.map((i) => [i.oid, i])),
    environment: ruleEnvironment(items),
    rules: ruleRows.map((r) => ({
      oid: r.oid,
      expression: r.expression,
      severity: r.severity as Severity,
      message: r.message,
      itemOids: r.item_oids,
    })),
    defaultLanguage: metadata?.default_language ?? 'en',
  };
}

/**
 * The seam data entry calls at save: the range checks of every item given, then every active
 * rule, over the values of the form (or the participant's values across forms, for rules that
 * reach across them) by item OID. A rule that reads an item with no value does not fire.
 */
export async function checkFormValues(
  db: Kysely<DB>,
  checks: string | LoadedEditChecks,
  values: ItemValues,
  language?: string,
): Promise<EditCheckFailure[]> {
  const loaded = typeof checks === 'string' ? await loadEditChecks(db, checks) : checks;
  return checkLoadedValues(loaded, values, language);
}

export function checkLoadedValues(loaded: LoadedEditChecks, values: ItemValues, language?: string): EditCheckFailure[] {
  const failures: EditCheckFailure[] = [];
  for (const [oid, value] of Object.entries(values)) {
    const item = loaded.items.get(oid);
    if (!item) continue;
    for (const failure of checkRanges(item, value, language, loaded.defaultLanguage)) {
      failures.push({ source: 'range-check', ruleOid: null, itemOid: oid, severity: failure.severity, message: failure.message });
    }
  }
  for (const rule of loaded.rules) {
    let outcome: ReturnType<typeof runRule>;
    try {
      outcome = runRule(loaded.environment, compileRule(loaded.environment, rule.expression), values);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      outcome = { result: 'error', detail: error.message };
    }
    if (outcome.result === 'fires') {
      for (const itemOid of rule.itemOids) {
        failures.push({ source: 'rule', ruleOid: rule.oid, itemOid, severity: rule.severity, message: rule.message });
      }
    } else if (outcome.result === 'error') {
      for (const itemOid of rule.itemOids) {
        failures.push({
          source: 'rule-error',
          ruleOid: rule.oid,
          itemOid,
          severity: 'soft',
          message: `The edit check ${rule.oid} could not be evaluated: ${outcome.detail}`,
        });
      }
    }
  }
  return failures;
}
