import { addDays } from '../../platform/dates.js';
/**
 * Pure start-up arithmetic: each milestone's status and projected date for one study-site, the
 * projected activation, and cycle detection in a template. No I/O: the board and the study-site
 * view run it over rows they read set-wise.
 */

export const milestoneStatuses = ['done', 'open', 'late', 'blocked'] as const;
export type MilestoneStatus = (typeof milestoneStatuses)[number];

export interface PlanTemplateItem {
  id: string;
  code: string;
  sequence: number;
  requiredForActivation: boolean;
  typicalDurationDays: number;
  dependsOn: string[];
}

export interface PlanRecord {
  plannedDate: string | null;
  actualDate: string | null;
}

export interface PlanInput {
  /** The study-site's local date: "late" and "never earlier than today" are the site's today. */
  today: string;
  /** Where milestones without dependencies count their typical duration from. */
  startDate: string;
  status: string;
  activationDate: string | null;
}

export interface PlannedMilestone {
  templateId: string;
  code: string;
  plannedDate: string | null;
  actualDate: string | null;
  status: MilestoneStatus;
  /** The codes of dependencies without an actual date. */
  blockedBy: string[];
  /** The actual date when done; else the projection from the chain and typical durations; null at a closed site. */
  projectedDate: string | null;
}

export interface SitePlan {
  items: PlannedMilestone[];
  projectedActivationDate: string | null;
  openRequired: string[];
  lateCount: number;
}

export const activationCode = 'activation';
export const selectionCode = 'site_selected';
const startUpStatuses = ['candidate', 'selected', 'start_up'];
const closedStatus = 'closed';

const later = (a: string, b: string) => (a > b ? a : b);

/**
 * Statuses and projections for one study-site. Precedence: done, then late (the planned date
 * has passed), then blocked (a dependency is not done), else open; `blockedBy` tells a late
 * item's blockers too. An open item is projected at the latest date of its dependencies (actual,
 * or projected) plus its typical duration, never before today.
 */
export function planStudySite(template: PlanTemplateItem[], records: ReadonlyMap<string, PlanRecord>, input: PlanInput): SitePlan {
  const byCode = new Map(template.map((item) => [item.code, item]));
  const projected = new Map<string, string>();
  const projecting = new Set<string>();

  const dateOf = (item: PlanTemplateItem): string => {
    const actual = records.get(item.id)?.actualDate;
    if (actual) return actual;
    const known = projected.get(item.code);
    if (known) return known;
    // Templates are acyclic (refused on write); this guards rows written around the API.
    if (projecting.has(item.code)) return input.today;
    projecting.add(item.code);
    const dependencies = item.dependsOn.map((code) => byCode.get(code)).filter((d) => d !== undefined);
    const base = dependencies.length === 0 ? input.startDate : dependencies.map(dateOf).reduce(later);
    const date = later(addDays(base, item.typicalDurationDays), input.today);
    projected.set(item.code, date);
    return date;
  };

  const items = template.map((item): PlannedMilestone => {
    const record = records.get(item.id);
    const blockedBy = item.dependsOn.filter((code) => {
      const dependency = byCode.get(code);
      return dependency !== undefined && !records.get(dependency.id)?.actualDate;
    });
    const plannedDate = record?.plannedDate ?? null;
    const actualDate = record?.actualDate ?? null;
    let status: MilestoneStatus = 'open';
    if (actualDate) status = 'done';
    else if (plannedDate && plannedDate < input.today) status = 'late';
    else if (blockedBy.length > 0) status = 'blocked';
    return { templateId: item.id, code: item.code, plannedDate, actualDate, status, blockedBy, projectedDate: dateOf(item) };
  });

  if (input.status === closedStatus) return settleClosed(items);
  const openRequired = template.filter((item) => item.requiredForActivation && !records.get(item.id)?.actualDate).map((i) => i.code);
  return {
    items,
    projectedActivationDate: projectActivation(template, items, input),
    openRequired,
    lateCount: items.filter((i) => i.status === 'late').length,
  };
}

/**
 * A closed site will not go on with start-up: it keeps what was done (actual dates) and nothing
 * else, so no date is projected, nothing is late and nothing is still required for activation.
 */
function settleClosed(items: PlannedMilestone[]): SitePlan {
  return {
    items: items.map((item) =>
      item.actualDate ? item : { ...item, status: item.status === 'late' ? 'open' : item.status, projectedDate: null },
    ),
    projectedActivationDate: null,
    openRequired: [],
    lateCount: 0,
  };
}

/**
 * The activation milestone's date; without one in the template, the latest date of the items
 * required for activation. A site past start-up shows when it was activated; a site closed
 * during start-up has no projection.
 */
function projectActivation(template: PlanTemplateItem[], items: PlannedMilestone[], input: PlanInput): string | null {
  const activation = items.find((i) => i.code === activationCode);
  if (!startUpStatuses.includes(input.status)) return activation?.actualDate ?? input.activationDate;
  if (activation) return activation.projectedDate;
  const required = new Set(template.filter((t) => t.requiredForActivation).map((t) => t.code));
  const dates = items.filter((i) => required.has(i.code)).flatMap((i) => (i.projectedDate ? [i.projectedDate] : []));
  return dates.length === 0 ? null : dates.reduce(later);
}

/** A dependency cycle as codes (first repeated at the end), or null when the graph is acyclic. */
export function findCycle(items: { code: string; dependsOn: string[] }[]): string[] | null {
  const edges = new Map(items.map((item) => [item.code, item.dependsOn]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (code: string): string[] | null => {
    if (state.get(code) === 'done') return null;
    if (state.get(code) === 'visiting') return [...path.slice(path.indexOf(code)), code];
    state.set(code, 'visiting');
    path.push(code);
    for (const next of edges.get(code) ?? []) {
      const cycle = edges.has(next) ? visit(next) : null;
      if (cycle) return cycle;
    }
    path.pop();
    state.set(code, 'done');
    return null;
  };
  for (const item of items) {
    const cycle = visit(item.code);
    if (cycle) return cycle;
  }
  return null;
}
