/**
 * The shapes the owning modules answer the home page with (worklist module): each module lists
 * its own rows over the study-sites it is given, so no module reads another's tables for it.
 */

/** A study-site and its calendar day now (the site's today, in its time zone). */
export interface SiteDay {
  studySiteId: string;
  today: string;
}

/** Rows shown (at most the limit asked) and the exact count of every match per study-site. */
export interface WorkRows<Row> {
  rows: Row[];
  counts: Map<string, number>;
}

export const noWork = <Row>(): WorkRows<Row> => ({ rows: [], counts: new Map() });

export function countsByStudySite(rows: { study_site_id: string; count: string | number }[]): Map<string, number> {
  return new Map(rows.map((row) => [row.study_site_id, Number(row.count)]));
}

export function totalOf(counts: Map<string, number>): number {
  let total = 0;
  for (const count of counts.values()) total += count;
  return total;
}
