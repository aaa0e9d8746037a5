import type { AnchorReport } from '../platform/audit/verify-audit-anchor.js';

/** What `trialdesk audit verify` says about the anchor it checked the database against. */
export function describeAnchorReport(report: AnchorReport): string {
  switch (report.status) {
    case 'none':
      return `No audit anchor at ${report.path} yet (serve writes one every minute): rows removed from the end of the chain cannot be detected.`;
    case 'refused':
      return `The audit anchor is REFUSED. ${report.problem}`;
    case 'breached':
      return `The audit trail ${report.breach.kind === 'missing-rows' ? 'is MISSING ROWS' : 'was REWRITTEN'}: ${report.breach.message}. Anchor: ${report.path}.`;
    case 'held': {
      const { seq, hash, rows, anchoredAt } = report.anchor;
      return `It holds the anchored head: row ${seq} (${rows} rows, hash ${hash}), anchored at ${anchoredAt} in ${report.path}.`;
    }
  }
}
