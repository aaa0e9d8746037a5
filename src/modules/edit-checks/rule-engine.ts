import { type ASTNode, Environment, type ParseResult } from '@marcbachmann/cel-js';
import { celTypeOf, type ItemType, type ItemValues, isMissing, toCelValue } from './item-values.js';

/**
 * Edit checks are CEL expressions (ADR 0020) over one variable, `item`, whose fields are the
 * item values of a form or participant by item OID: `item.SYSBP > 180`, `item["VS.DIABP"] >=
 * item["VS.SYSBP"]` for an OID that is not an identifier. Each field has the CEL type of its
 * item's ODM DataType (item-values.ts), so `item.AGE > "18"` is refused when the rule is saved.
 *
 * A rule fires when its expression is true. Missing values are explicit: an item without a
 * value is absent from `item`, and a rule that reads it does not fire (the outcome is
 * `skipped`, naming the items); a rule meant to fire on a missing value says so with CEL's
 * `has()`: `item.PREGNANT == "Y" && !has(item.WEEKS)`.
 *
 * CEL cannot call JavaScript: no property of a value is reachable but the declared fields,
 * and the library walks its own syntax tree (no eval, no new Function).
 */

export class ExpressionError extends Error {
  constructor(
    detail: string,
    readonly column: number | null,
  ) {
    super(detail);
    this.name = 'ExpressionError';
  }
}

export type RuleOutcome =
  | { result: 'fires' }
  | { result: 'passes' }
  | { result: 'skipped'; missingItemOids: string[] }
  | { result: 'error'; detail: string };

export interface CompiledRule {
  expression: string;
  /** The items the expression reads, by OID. */
  itemOids: string[];
  run: ParseResult;
}

export interface RuleEnvironment {
  items: ReadonlyMap<string, ItemType>;
  env: Environment;
  compiled: Map<string, CompiledRule>;
}

// Rules are short; the limits keep a pathological one from holding the event loop at save.
const limits = { maxAstNodes: 2000, maxDepth: 32, maxListElements: 500, maxMapEntries: 100, maxCallArguments: 10 };
const dayMs = 86_400_000;
const environments = new Map<string, RuleEnvironment>();
const maxEnvironments = 50;
const maxCompiledPerEnvironment = 1000;

/**
 * The environment of one set of items (a CRF metadata version), built once and kept: the same
 * item types give the same environment, and each expression is compiled once in it.
 */
export function ruleEnvironment(items: readonly ItemType[]): RuleEnvironment {
  const key = items
    .map((i) => `${i.oid}\u0000${i.dataType}`)
    .sort()
    .join('\u0001');
  const cached = environments.get(key);
  if (cached) return cached;
  const schema = Object.fromEntries(items.map((i) => [i.oid, celTypeOf(i.dataType)]));
  const env = new Environment({ limits })
    .registerVariable({ name: 'item', schema, description: 'The item values by item OID' })
    .registerFunction('date(string): google.protobuf.Timestamp', parseDateLiteral, {
      description: 'A calendar date YYYY-MM-DD, as dates items hold it (midnight UTC)',
    })
    .registerFunction('daysBetween(google.protobuf.Timestamp, google.protobuf.Timestamp): int', (from: Date, to: Date) =>
      BigInt(Math.floor((to.getTime() - from.getTime()) / dayMs)),
    )
    .registerFunction('round(double, int): double', (value: number, digits: bigint) => {
      const factor = 10 ** Number(digits);
      return Math.round(value * factor) / factor;
    })
    .registerFunction('pow(double, double): double', (base: number, exponent: number) => base ** exponent);
  const created: RuleEnvironment = { items: new Map(items.map((i) => [i.oid, i])), env, compiled: new Map() };
  if (environments.size >= maxEnvironments) environments.delete(environments.keys().next().value as string);
  environments.set(key, created);
  return created;
}

function parseDateLiteral(text: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new Error(`date("${text}") is not a date as YYYY-MM-DD`);
  return date;
}

/** Parses and type-checks an expression once; an error names the library's message and the column. */
export function compileRule(environment: RuleEnvironment, expression: string): CompiledRule {
  const cached = environment.compiled.get(expression);
  if (cached) return cached;
  let run: ParseResult;
  try {
    run = environment.env.parse(expression);
  } catch (error) {
    throw expressionError(error);
  }
  const checked = run.check();
  if (!checked.valid) throw expressionError(checked.error);
  if (checked.type !== 'bool') throw new ExpressionError(`The expression must be true or false (a bool), not ${checked.type}.`, 1);
  const compiled = { expression, itemOids: [...referencedItems(run.ast)], run };
  if (environment.compiled.size >= maxCompiledPerEnvironment) {
    environment.compiled.delete(environment.compiled.keys().next().value as string);
  }
  environment.compiled.set(expression, compiled);
  return compiled;
}

function expressionError(error: unknown): ExpressionError {
  if (!(error instanceof Error)) return new ExpressionError('The expression cannot be read.', null);
  const { summary, range } = error as Error & { summary?: string; range?: { start: number } };
  const text = summary ?? error.message.split('\n')[0] ?? error.message;
  const unknownItem = /^No such key: (.+)$/.exec(text);
  const detail = unknownItem ? `Unknown item OID "${unknownItem[1]}": the CRF metadata has no such item.` : text;
  return new ExpressionError(detail, range ? range.start + 1 : null);
}

/** The OIDs read as `item.OID` or `item["OID"]` anywhere in the expression. */
function referencedItems(root: ASTNode): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const entry of value) visit(entry);
      return;
    }
    if (!value || typeof value !== 'object' || !('op' in value)) return;
    const node = value as ASTNode;
    if ((node.op === '.' || node.op === '.?') && isItemVariable(node.args[0])) found.add(node.args[1]);
    if ((node.op === '[]' || node.op === '[?]') && isItemVariable(node.args[0])) {
      const key = node.args[1];
      if (key.op === 'value' && typeof key.args === 'string') found.add(key.args);
    }
    visit(node.args);
  };
  visit(root);
  return found;
}

function isItemVariable(node: ASTNode): boolean {
  return node.op === 'id' && node.args === 'item';
}

/**
 * The values of the items a rule reads, as CEL sees them: missing values left out, present ones
 * typed; a value of the wrong type names its item (only rules that read it are concerned).
 */
function celItems(
  environment: RuleEnvironment,
  oids: readonly string[],
  values: ItemValues,
): { item: Record<string, unknown> } | { error: string } {
  const item: Record<string, unknown> = Object.create(null);
  for (const oid of oids) {
    const def = environment.items.get(oid);
    const raw = Object.hasOwn(values, oid) ? values[oid] : undefined;
    if (!def || isMissing(raw)) continue;
    const typed = toCelValue(def.dataType, raw);
    if (!typed.ok) return { error: `Item ${oid}: ${typed.detail}` };
    item[oid] = typed.value;
  }
  return { item };
}

/** Runs a compiled rule on item values: fires, passes, skipped for a missing item it read, or an error. */
export function runRule(environment: RuleEnvironment, rule: CompiledRule, values: ItemValues): RuleOutcome {
  const context = celItems(environment, rule.itemOids, values);
  if ('error' in context) return { result: 'error', detail: context.error };
  try {
    return rule.run({ item: context.item }) === true ? { result: 'fires' } : { result: 'passes' };
  } catch (error) {
    const missingItemOids = rule.itemOids.filter((oid) => !(oid in context.item));
    if (missingItemOids.length > 0) return { result: 'skipped', missingItemOids };
    return { result: 'error', detail: expressionError(error).message };
  }
}

/** Compiles (once) and runs an expression over item values typed by `items`. */
export function evaluateExpression(expression: string, values: ItemValues, items: readonly ItemType[]): RuleOutcome {
  const environment = ruleEnvironment(items);
  return runRule(environment, compileRule(environment, expression), values);
}
