export interface EventMapping {
  visitCode: string | null;
  mappedBy: 'oid' | 'name' | 'manual' | null;
}

/** Case, spaces and the usual separators do not count: "SE.VISIT 1", "se_visit1" and "SE-VISIT-1" are one name. */
const key = (text: string) => text.toLowerCase().replace(/[\s._\-/]+/g, '');

/**
 * The protocol visit each study event is collected at: a visit whose code equals the event's
 * OID, else one whose code or name equals the event's name. Nothing looser: an event that
 * matches no visit, or two visits, stays unmapped and is reported, for a person to map.
 */
export function mapStudyEvents(
  events: { oid: string; name: string }[],
  visits: { code: string; name: string }[],
): Map<string, EventMapping> {
  const result = new Map<string, EventMapping>();
  const only = (found: { code: string }[]) => (found.length === 1 ? found[0]?.code : undefined);
  for (const event of events) {
    const byOid = only(visits.filter((v) => key(v.code) === key(event.oid)));
    const byName = only(visits.filter((v) => key(v.code) === key(event.name) || key(v.name) === key(event.name)));
    if (byOid) result.set(event.oid, { visitCode: byOid, mappedBy: 'oid' });
    else if (byName) result.set(event.oid, { visitCode: byName, mappedBy: 'name' });
    else result.set(event.oid, { visitCode: null, mappedBy: null });
  }
  return result;
}
