/** What a REDCap expression may name: the dictionary's fields (checkbox ones with their codes) and, when longitudinal, the events. */
export interface RedcapNames {
  fields: Map<string, { type: string; choiceCodes: string[] }>;
  /** Unique event names; null for a project without events (classic). */
  events: Set<string> | null;
}

/** Characters REDCap logic is written with, outside quotes and brackets: names, numbers, operators, commas, parentheses. */
const plain = /[A-Za-z0-9_\s.,=<>!+\-*/^%&|:]/;
const fieldReference = /^([a-z][a-z0-9_]*)(?:\(([^()]+)\))?$/;

/**
 * The first problem of a REDCap branching logic or calculation, or undefined: quotes, brackets
 * and parentheses must be balanced, and every [field], [field(code)] and [event][field] must
 * name what the project has. It is a syntax check to refuse broken logic at import, not an
 * evaluator: the expression is stored as written for the edit checks to come.
 * Smart variables ([event-name], [record-dag-name]…, always with a hyphen) and repeat instances
 * ([field][2]) pass unchecked.
 */
export function redcapLogicProblem(expression: string, names: RedcapNames): string | undefined {
  let depth = 0;
  let previousWasReference = false;
  const opened: number[] = [];
  for (let i = 0; i < expression.length; i += 1) {
    const c = expression.charAt(i);
    const at = i + 1;
    if (c === '"' || c === "'") {
      const end = expression.indexOf(c, i + 1);
      if (end === -1) return `The quote (${c}) at character ${at} is never closed.`;
      i = end;
      previousWasReference = false;
      continue;
    }
    if (c === '[') {
      const end = expression.indexOf(']', i + 1);
      const nested = expression.indexOf('[', i + 1);
      if (end === -1 || (nested !== -1 && nested < end)) return `The [ at character ${at} is not closed by a ].`;
      // [event][field]: a reference right before another names the event, unless the next is a repeat instance ([field][2]).
      const next = expression.charAt(end + 1) === '[' ? expression.slice(end + 2, expression.indexOf(']', end + 2)).trim() : '';
      const namesEvent = next !== '' && !/^\d+$/.test(next) && !previousWasReference;
      const problem = referenceProblem(expression.slice(i + 1, end).trim(), namesEvent, previousWasReference, names);
      if (problem) return `${problem} (character ${at})`;
      i = end;
      previousWasReference = true;
      continue;
    }
    previousWasReference = false;
    if (c === ']') return `The ] at character ${at} closes no [.`;
    if (c === '(') {
      depth += 1;
      opened.push(at);
    } else if (c === ')') {
      depth -= 1;
      opened.pop();
      if (depth < 0) return `The ) at character ${at} closes no (.`;
    } else if (!plain.test(c)) return `The character "${c}" at ${at} is not part of REDCap logic.`;
  }
  if (depth > 0) return `The ( at character ${opened[opened.length - 1]} is never closed.`;
  return undefined;
}

function referenceProblem(content: string, namesEvent: boolean, afterReference: boolean, names: RedcapNames): string | undefined {
  if (content === '') return 'An empty [] names nothing.';
  const name = content.split(':')[0] ?? content;
  if (name.includes('-')) return undefined;
  if (afterReference && /^\d+$/.test(name)) return undefined;
  if (namesEvent) {
    if (names.events === null)
      return `[${name}] names an event, but the project has no events (send arms and events for a longitudinal project).`;
    if (!names.events.has(name)) return `[${name}] names an event the project does not have.`;
    return undefined;
  }
  const match = fieldReference.exec(name);
  if (!match) return `[${content}] is not a field name (lower-case letters, digits and _).`;
  const [, fieldName = '', code] = match;
  const field = names.fields.get(fieldName);
  if (!field) return `[${fieldName}] names a field the data dictionary does not have.`;
  if (code !== undefined) {
    if (field.type !== 'checkbox') return `[${fieldName}(${code})] names a choice, but ${fieldName} is not a checkbox field.`;
    if (!field.choiceCodes.includes(code)) return `[${fieldName}(${code})]: the checkbox ${fieldName} has no choice ${code}.`;
  }
  return undefined;
}
