import { invalidField } from '../../platform/errors.js';
import { findCycle } from './milestone-plan.js';

interface Node {
  code: string;
  dependsOn: string[];
}

/**
 * A template item's dependencies name other milestones of the same study and never lead back
 * to it: a cycle would leave every milestone on it blocked for ever.
 */
export function checkDependencies(template: Node[], item: Node): string[] {
  const dependsOn = [...new Set(item.dependsOn)];
  if (dependsOn.includes(item.code)) throw invalidField('/dependsOn', `"${item.code}" cannot depend on itself.`);
  const known = new Set(template.map((t) => t.code));
  const unknown = dependsOn.filter((code) => !known.has(code));
  if (unknown.length > 0) {
    throw invalidField('/dependsOn', `No milestone of this study has the code ${unknown.map((c) => `"${c}"`).join(', ')}.`);
  }
  // The changed item first, so the cycle reads from it.
  const graph = [{ code: item.code, dependsOn }, ...template.filter((t) => t.code !== item.code)];
  const cycle = findCycle(graph);
  if (cycle) throw invalidField('/dependsOn', `These dependencies form a cycle: ${cycle.join(' → ')} (each depends on the next).`);
  return dependsOn;
}
