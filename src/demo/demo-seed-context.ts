import type { Kysely } from 'kysely';
import { loadActor } from '../platform/auth/sessions.repo.js';
import type { RequestContext } from '../platform/context.js';
import type { DB } from '../platform/db/schema.js';
import { type SigningSeries, startSigningSeries } from '../platform/signatures/signatures.repo.js';
import type { ContentStore } from '../platform/storage/content-store.js';
import { demoDay, type RelativeDay } from './demo-dates.js';
import { demoPassword } from './demo-portfolio.js';

/**
 * What the seeding steps share: the ids of what earlier steps made, looked up by the demo's
 * keys, and a request context per demo user for what only a person does (filing, approving
 * and signing are attributed to them). Each signer's password is checked once, at their first
 * signature; their later ones are a series (21 CFR 11.200(a)(1)(i)), so the seed does not pay
 * a deliberately slow hash for every signature of the demo's history.
 */
export class DemoSeed {
  readonly orgs = new Map<string, string>();
  readonly sites = new Map<string, string>();
  readonly studies = new Map<string, string>();
  /** Keyed `${studyKey}:${siteKey}`. */
  readonly studySites = new Map<string, string>();
  readonly users = new Map<string, string>();
  /** Keyed by full name: the demo's people have unique names. */
  readonly people = new Map<string, string>();
  private readonly contexts = new Map<string, RequestContext>();
  private readonly signingSeries = new Map<string, Promise<SigningSeries>>();

  constructor(
    readonly db: Kysely<DB>,
    readonly store: ContentStore,
    readonly system: RequestContext,
  ) {}

  /** The seeding day plus an offset, as YYYY-MM-DD (UTC). */
  day(offset: RelativeDay): string {
    return demoDay(this.system.now(), offset);
  }

  org(key: string): string {
    return required(this.orgs, key, 'organization');
  }
  site(key: string): string {
    return required(this.sites, key, 'site');
  }
  study(key: string): string {
    return required(this.studies, key, 'study');
  }
  studySite(study: string, site: string): string {
    return required(this.studySites, `${study}:${site}`, 'study-site');
  }
  user(email: string): string {
    return required(this.users, email, 'user');
  }
  person(name: string): string {
    return required(this.people, name, 'person');
  }

  /** A request as the demo user, with the grants they hold now. */
  async as(email: string): Promise<RequestContext> {
    const cached = this.contexts.get(email);
    if (cached) return cached;
    const actor = await loadActor(this.db, this.user(email));
    if (!actor) throw new Error(`demo seed: ${email} cannot act`);
    const ctx: RequestContext = { actor, requestId: `demo-seed:${email}`, now: this.system.now };
    this.contexts.set(email, ctx);
    return ctx;
  }

  /**
   * A request as the demo user on a day of the demo's past (at 15:00 UTC: that same calendar
   * day from the Americas to Europe), for use cases that date what they record by the clock.
   */
  async asOn(email: string, offset: RelativeDay): Promise<RequestContext> {
    return { ...(await this.as(email)), now: this.clockOn(offset) };
  }

  /** What the demo user signs with: their password, checked at their first signature only. */
  async signingAs(email: string): Promise<SigningSeries> {
    let series = this.signingSeries.get(email);
    if (!series) {
      series = this.as(email).then((ctx) => startSigningSeries(this.db, ctx, demoPassword));
      // Awaited by the first signature; a failure surfaces there, not as an unhandled rejection.
      series.catch(() => {});
      this.signingSeries.set(email, series);
    }
    return series;
  }

  /** Starts the signers' password checks without waiting: the slow hash runs off the main thread while later stages write. */
  prepareSigning(emails: string[]): void {
    for (const email of emails) void this.signingAs(email).catch(() => {});
  }

  /** A clock stopped on a day of the demo's past, at 15:00 UTC. */
  clockOn(offset: RelativeDay): () => Date {
    const instant = new Date(`${this.day(offset)}T15:00:00Z`);
    return () => instant;
  }
}

function required(map: Map<string, string>, key: string, what: string): string {
  const id = map.get(key);
  if (!id) throw new Error(`demo seed: no ${what} "${key}"`);
  return id;
}
