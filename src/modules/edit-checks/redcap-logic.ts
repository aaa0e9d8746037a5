import { type CelType, celTypeOf, type ItemType, toCelValue } from './item-values.js';

/**
 * Translates REDCap branching logic and calculations ([age] > 18 and [sex] = '1', <>, or,
 * arithmetic, ^, round()) into the CEL of edit checks (rule-engine.ts), typed by the items'
 * data types: a literal compared with an item becomes a literal of the item's type, so
 * `[sex] = '1'` is `item.sex == 1` for an integer item and `item.sex == "1"` for a text one.
 * REDCap's blank test (`[x] = ''`, `[x] <> ''`) becomes CEL's presence test (`!has(item.x)`).
 * What it cannot say the same way in CEL it refuses, naming the place: other events' fields
 * ([event][field]), checkbox options ([field(1)]), and functions other than round()
 * (datediff, if, sum, …).
 */
export class RedcapTranslationError extends Error {
  constructor(
    detail: string,
    readonly position: number,
  ) {
    super(`${detail} (at character ${position + 1})`);
    this.name = 'RedcapTranslationError';
  }
}

type Token =
  | { kind: 'field'; name: string; at: number }
  | { kind: 'number'; text: string; at: number }
  | { kind: 'string'; text: string; at: number }
  | { kind: 'word'; text: string; at: number }
  | { kind: 'op'; text: string; at: number };

const operators = ['<=', '>=', '<>', '!=', '==', '=', '<', '>', '+', '-', '*', '/', '^', '(', ')', ','];

function tokenize(logic: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < logic.length) {
    const c = logic.charAt(i);
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === '[') {
      const end = logic.indexOf(']', i);
      if (end < 0) throw new RedcapTranslationError('A [ without its ]', i);
      const name = logic.slice(i + 1, end).trim();
      if (!/^[a-z][a-z0-9_]*$/i.test(name)) {
        throw new RedcapTranslationError(
          /\(/.test(name) ? `Checkbox options such as [${name}] are not translated` : `[${name}] is not a field name`,
          i,
        );
      }
      if (logic.charAt(end + 1) === '[') throw new RedcapTranslationError(`Fields of another event ([${name}][…]) are not translated`, i);
      tokens.push({ kind: 'field', name, at: i });
      i = end + 1;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = logic.indexOf(c, i + 1);
      if (end < 0) throw new RedcapTranslationError('A text without its closing quote', i);
      tokens.push({ kind: 'string', text: logic.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(logic.slice(i));
    if (number) {
      tokens.push({ kind: 'number', text: number[0], at: i });
      i += number[0].length;
      continue;
    }
    const word = /^[a-z_][a-z0-9_]*/i.exec(logic.slice(i));
    if (word) {
      tokens.push({ kind: 'word', text: word[0].toLowerCase(), at: i });
      i += word[0].length;
      continue;
    }
    const op = operators.find((o) => logic.startsWith(o, i));
    if (!op) throw new RedcapTranslationError(`Unexpected "${c}"`, i);
    tokens.push({ kind: 'op', text: op, at: i });
    i += op.length;
  }
  return tokens;
}

/** A translated piece: CEL text, its type, and for a bare literal its REDCap text (typed by what it meets). */
type Piece = { code: string; type: CelType | 'bool' | 'number' } | { literal: string; at: number; numeric: boolean };

const comparisons: Record<string, string> = { '=': '==', '==': '==', '<>': '!=', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

export function translateRedcapLogic(logic: string, items: readonly ItemType[]): string {
  const types = new Map(items.map((i) => [i.oid, i.dataType]));
  const tokens = tokenize(logic);
  let position = 0;
  const peek = () => tokens[position];
  const endAt = logic.length;
  const next = (): Token => {
    const token = tokens[position];
    if (!token) throw new RedcapTranslationError('The logic ends too early', endAt);
    position += 1;
    return token;
  };
  const isOp = (text: string) => {
    const token = peek();
    return token?.kind === 'op' && token.text === text;
  };
  const isWord = (text: string) => {
    const token = peek();
    return token?.kind === 'word' && token.text === text;
  };

  const asBool = (piece: Piece, at: number): string => {
    if ('code' in piece && piece.type === 'bool') return piece.code;
    throw new RedcapTranslationError('Expected a comparison here', at);
  };
  const asNumber = (piece: Piece, at: number): string => {
    if ('literal' in piece) {
      if (!piece.numeric) throw new RedcapTranslationError(`"${piece.literal}" is not a number`, piece.at);
      return piece.literal.includes('.') ? piece.literal : `${piece.literal}.0`;
    }
    if (piece.type === 'number' || piece.type === 'double') return piece.code;
    if (piece.type === 'int') return `double(${piece.code})`;
    throw new RedcapTranslationError('Arithmetic needs numbers', at);
  };
  const literalAs = (literal: { literal: string; at: number }, type: CelType | 'number'): string => {
    if (type === 'number') return asNumber({ ...literal, numeric: /^\d+(\.\d+)?$/.test(literal.literal) }, literal.at);
    const typed = toCelValue(dataTypeOf(type), literal.literal);
    if (!typed.ok) throw new RedcapTranslationError(`"${literal.literal}" cannot be compared with this field: ${typed.detail}`, literal.at);
    if (type === 'string') return JSON.stringify(typed.value);
    if (type === 'google.protobuf.Timestamp') return `date(${JSON.stringify(literal.literal)})`;
    if (type === 'double') return Number.isInteger(typed.value) ? `${typed.value}.0` : String(typed.value);
    return String(typed.value);
  };

  const orExpr = (): Piece => {
    const at = peek()?.at ?? endAt;
    let left = andExpr();
    while (isWord('or')) {
      const opAt = next().at;
      const right = andExpr();
      left = { code: `(${asBool(left, at)} || ${asBool(right, opAt)})`, type: 'bool' };
    }
    return left;
  };
  const andExpr = (): Piece => {
    const at = peek()?.at ?? endAt;
    let left = comparison();
    while (isWord('and')) {
      const opAt = next().at;
      const right = comparison();
      left = { code: `(${asBool(left, at)} && ${asBool(right, opAt)})`, type: 'bool' };
    }
    return left;
  };
  const comparison = (): Piece => {
    const left = additive();
    const token = peek();
    if (token?.kind !== 'op' || !(token.text in comparisons)) return left;
    next();
    const right = additive();
    return { code: compare(left, comparisons[token.text] ?? '==', right, token.at), type: 'bool' };
  };
  const compare = (left: Piece, op: string, right: Piece, at: number): string => {
    const blank = (p: Piece) => 'literal' in p && p.literal === '';
    const field = (p: Piece) => ('code' in p && /^item\.[A-Za-z0-9_]+$/.test(p.code) ? p.code : null);
    const blankTested = blank(right) ? field(left) : blank(left) ? field(right) : null;
    if (blankTested) {
      if (op !== '==' && op !== '!=') throw new RedcapTranslationError('A blank can only be tested with = or <>', at);
      return op === '==' ? `!has(${blankTested})` : `has(${blankTested})`;
    }
    if ('literal' in left && 'literal' in right) throw new RedcapTranslationError('Two literals compared', at);
    if ('literal' in left && 'code' in right) return `(${literalAs(left, asOperandType(right, at))} ${op} ${right.code})`;
    if ('literal' in right && 'code' in left) return `(${left.code} ${op} ${literalAs(right, asOperandType(left, at))})`;
    if ('code' in left && 'code' in right) {
      const numeric = (t: string) => t === 'int' || t === 'double' || t === 'number';
      if (numeric(left.type) && numeric(right.type) && left.type !== right.type) {
        return `(${asNumber(left, at)} ${op} ${asNumber(right, at)})`;
      }
      if (left.type !== right.type) throw new RedcapTranslationError('The two sides have different types', at);
      return `(${left.code} ${op} ${right.code})`;
    }
    throw new RedcapTranslationError('Cannot compare these', at);
  };
  const asOperandType = (piece: { type: CelType | 'bool' | 'number' }, at: number): CelType | 'number' => {
    if (piece.type === 'bool') throw new RedcapTranslationError('A comparison cannot be compared again', at);
    return piece.type;
  };
  const additive = (): Piece => {
    let left = multiplicative();
    while (isOp('+') || isOp('-')) {
      const op = next() as Token & { kind: 'op' };
      const right = multiplicative();
      left = { code: `(${asNumber(left, op.at)} ${op.text} ${asNumber(right, op.at)})`, type: 'number' };
    }
    return left;
  };
  const multiplicative = (): Piece => {
    let left = power();
    while (isOp('*') || isOp('/')) {
      const op = next() as Token & { kind: 'op' };
      const right = power();
      left = { code: `(${asNumber(left, op.at)} ${op.text} ${asNumber(right, op.at)})`, type: 'number' };
    }
    return left;
  };
  const power = (): Piece => {
    const left = unary();
    if (!isOp('^')) return left;
    const op = next();
    const right = power();
    return { code: `pow(${asNumber(left, op.at)}, ${asNumber(right, op.at)})`, type: 'number' };
  };
  const unary = (): Piece => {
    if (isOp('-')) {
      const op = next();
      const operand = unary();
      if ('literal' in operand && operand.numeric) return { ...operand, literal: `-${operand.literal}` };
      return { code: `(-${asNumber(operand, op.at)})`, type: 'number' };
    }
    return primary();
  };
  const primary = (): Piece => {
    const token = next();
    switch (token.kind) {
      case 'field': {
        const dataType = types.get(token.name);
        if (!dataType) throw new RedcapTranslationError(`Unknown field [${token.name}]: no item with this OID`, token.at);
        return { code: `item.${token.name}`, type: celTypeOf(dataType) };
      }
      case 'number':
        return { literal: token.text, at: token.at, numeric: true };
      case 'string':
        return { literal: token.text, at: token.at, numeric: /^-?\d+(\.\d+)?$/.test(token.text) };
      case 'op': {
        if (token.text !== '(') throw new RedcapTranslationError(`Unexpected "${token.text}"`, token.at);
        const inner = orExpr();
        const close = next();
        if (close.kind !== 'op' || close.text !== ')') throw new RedcapTranslationError('Expected )', close.at);
        return 'code' in inner ? { code: `(${inner.code})`, type: inner.type } : inner;
      }
      case 'word':
        return call(token);
    }
  };
  const call = (token: Token & { kind: 'word' }): Piece => {
    if (token.text === 'and' || token.text === 'or') throw new RedcapTranslationError(`Unexpected "${token.text}"`, token.at);
    if (token.text !== 'round')
      throw new RedcapTranslationError(`The function ${token.text}() is not translated; write this rule in CEL`, token.at);
    const open = next();
    if (open.kind !== 'op' || open.text !== '(') throw new RedcapTranslationError('Expected ( after round', open.at);
    const value = asNumber(orExpr(), open.at);
    let digits = '0';
    if (isOp(',')) {
      next();
      const d = next();
      if (d.kind !== 'number' || d.text.includes('.')) throw new RedcapTranslationError('round() takes a whole number of digits', d.at);
      digits = d.text;
    }
    const close = next();
    if (close.kind !== 'op' || close.text !== ')') throw new RedcapTranslationError('Expected )', close.at);
    return { code: `round(${value}, ${digits})`, type: 'number' };
  };

  const result = orExpr();
  const rest = peek();
  if (rest) throw new RedcapTranslationError(`Unexpected "${rest.kind === 'field' ? `[${rest.name}]` : rest.text}"`, rest.at);
  // A condition is a bool; a calculation is its number, for a rule to compare (`… > 30.0`).
  if ('code' in result) return result.code;
  throw new RedcapTranslationError('A literal alone is not a condition', 0);
}

function dataTypeOf(type: CelType): string {
  switch (type) {
    case 'int':
      return 'integer';
    case 'double':
      return 'float';
    case 'google.protobuf.Timestamp':
      return 'date';
    case 'bool':
      return 'boolean';
    case 'string':
      return 'text';
  }
}
