/**
 * Reading EXPLAIN output (FORMAT TEXT): which relations a plan reads. Scan nodes name their
 * relation as "Seq Scan on participants p" or "Index Only Scan using x on enrollment_daily";
 * a "Bitmap Index Scan on x" names an index (its table is on the Bitmap Heap Scan above it).
 */
export function relationsInPlan(planText: string): string[] {
  const found = new Set<string>();
  for (const match of planText.matchAll(/(?<!Bitmap Index )\bScan(?: Backward)?(?: using \S+)? on (?:"?(\w+)"?\.)?"?(\w+)"?/g)) {
    const name = match[2];
    if (name) found.add(name);
  }
  return [...found].sort();
}

/**
 * Fails loudly when a plan mentions a relation it must not touch (by scan or anywhere else in
 * the text, an index of it included: its indexes are named after it).
 */
export function assertPlanAvoids(planText: string, relation: string, what: string): void {
  if (new RegExp(`\\b${relation}`).test(planText)) {
    throw new Error(`${what}: its plan touches ${relation}, which it must not read per request:\n${planText}`);
  }
}
