import type { RequestContext } from '../../platform/context.js';

/** Who wrote a query's message, as the conversation shows it: the person's name, or the edit check. */
export function authorLabel(ctx: RequestContext): string {
  if (ctx.actor.kind === 'user') return ctx.actor.fullName;
  return ctx.actor.kind === 'system' ? 'Edit check' : 'Anonymous';
}
