import type { Kysely } from 'kysely';
import type { Permission } from '../../platform/auth/roles.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict, forbidden, notFound, preconditionFailed } from '../../platform/errors.js';
import { canAtStudySite } from '../participants/participant-access.repo.js';
import type { StudySiteJoined } from '../study-sites/study-site.repo.js';
import { findVisibleReportRow, type SaeReportRow, updateReportRow } from './sae-report.repo.js';

/**
 * The shared opening of every step on a report, inside its transaction: the report locked and
 * visible (else 404), the permission at its study-site (else 403), the version the caller read
 * (else 412), and an open report for every step but reading (a closed one answers 409 on /status).
 */
export async function lockReportFor(
  tx: Kysely<DB>,
  ctx: RequestContext,
  reportId: string,
  permission: Permission,
  expectedVersion: number,
): Promise<{ row: SaeReportRow; studySite: StudySiteJoined }> {
  const found = await findVisibleReportRow(tx, ctx, reportId, { lock: true });
  if (!found) throw notFound('SAE report');
  if (!canAtStudySite(ctx, permission, found.studySite)) throw forbidden();
  if (found.row.version !== expectedVersion) throw preconditionFailed();
  if (found.row.status === 'closed')
    throw conflict('The report is closed: nothing more is added to it.', [{ pointer: '/status', detail: 'The report is closed.' }]);
  return found;
}

/** Bumps the report's version with its new columns (the lock is held, so the version cannot have moved). */
export async function saveReport(tx: Kysely<DB>, ctx: RequestContext, row: SaeReportRow, values: Parameters<typeof updateReportRow>[3]) {
  if (!(await updateReportRow(tx, row.id, row.version, values, ctx.now()))) throw preconditionFailed();
}
