import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import { utcDate } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import { forbidden, notFound, preconditionFailed } from '../../platform/errors.js';
import { confirmSigner, recordSignature, type SigningSeries } from '../../platform/signatures/signatures.repo.js';
import { callerHoldsRoleAtSite } from '../people/person.repo.js';
import { findEntry, hashOfRow } from './delegation.repo.js';
import type { DelegationEntry, delegationSignatureMeanings } from './delegation.schemas.js';
import { entryView, loadStudySiteForLog } from './delegation-entry-view.js';

/**
 * ICH E6(R3) 2.3.2: the investigator delegates, so only the site's principal investigator
 * signs its log: the signing user must be linked to a person holding that role at the site
 * on the day of signing. The signature is bound to the entry's content hash.
 */
async function assertSiteInvestigator(db: Kysely<DB>, ctx: RequestContext, siteId: string): Promise<void> {
  if (ctx.actor.kind !== 'user') throw forbidden('Only a person can sign.');
  const today = utcDate(ctx.now());
  if (!(await callerHoldsRoleAtSite(db, ctx, siteId, 'principal_investigator', today))) {
    throw forbidden(
      "Only the site's principal investigator signs its delegation log: your login is not linked to a person who is principal investigator at this site today.",
    );
  }
}

export async function signDelegationEntry(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { studyId: string; studySiteId: string; entryId: string },
  expectedVersion: number,
  signing: { password: string | SigningSeries; meaning: (typeof delegationSignatureMeanings)[number] },
): Promise<DelegationEntry> {
  const studySite = await loadStudySiteForLog(db, ctx, ids, 'delegation.sign');
  const entry = await findEntry(db, ctx, studySite.id, ids.entryId);
  if (!entry) throw notFound('delegation entry');
  await assertSiteInvestigator(db, ctx, studySite.site_id);
  // 21 CFR 11.200(a): the password again, checked before the transaction so that a wrong
  // one is counted toward lockout even though nothing is signed.
  const signer = await confirmSigner(db, ctx, signing.password);
  await db.transaction().execute(async (tx) => {
    await loadStudySiteForLog(tx, ctx, ids, 'delegation.sign');
    const current = await findEntry(tx, ctx, studySite.id, ids.entryId);
    if (!current) throw notFound('delegation entry');
    // The PI signs the version they read: a change since then must be read first.
    if (current.version !== expectedVersion) throw preconditionFailed();
    await recordSignature(tx, ctx, signer, {
      entityType: 'delegation_entry',
      entityId: current.id,
      contentHash: hashOfRow(current),
      meaning: signing.meaning,
    });
  });
  const view = await entryView(db, ctx, ids.studySiteId, ids.entryId, utcDate(ctx.now()));
  if (!view) throw notFound('delegation entry');
  return view;
}
