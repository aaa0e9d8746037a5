/**
 * The work Trialdesk does on its own, as a reader of the audit trail names it. The trail stores
 * `system:<label>` (platform/context.ts) and keeps it; this table only says it in words, for the
 * screen and the exports alike. A label not listed here still reads as a system actor.
 */
const systemActors: Record<string, string> = {
  'demo-seed': 'System (demo data)',
  email: 'System (e-mail)',
  'email-digest': 'System (daily e-mail digest)',
  'missed-visit-check': 'System (missed-visit check)',
  'missed-visit-follow-up': 'System (missed-visit follow-up)',
  'participant-import-restart': 'System (participant import, after a restart)',
  cli: 'System (command line)',
};

/** 'system:demo-seed' -> 'System (demo data)'; null for anything that is not a system actor. */
export function systemActorName(actorLabel: string): string | null {
  if (actorLabel === 'anonymous') return 'Not signed in';
  const label = /^system:(.+)$/.exec(actorLabel)?.[1];
  if (!label) return null;
  return systemActors[label] ?? `System (${label.replace(/[-_]/g, ' ')})`;
}
