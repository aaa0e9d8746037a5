import type { ModuleManifest } from '../../platform/modules/module-manifest.js';
import { canReadEditCheckRuleHistory } from './edit-check-access.js';
import { editChecksRoutes } from './edit-checks.routes.js';

/** Who may read a rule's history: whoever may see the protocol version whose metadata holds it. */
const historyReaders = {
  edit_check_rule: canReadEditCheckRuleHistory,
} satisfies ModuleManifest['historyReaders'];

declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

/**
 * Edit checks (issue 12, item 3): cross-item rules in CEL kept with a protocol version's CRF
 * metadata, the range checks of its items, and the engine data entry calls at save
 * (check-form-values.ts). Read and written under the protocol's permissions, as the metadata is.
 */
export const editChecksModule: ModuleManifest = {
  name: 'edit-checks',
  routes: [editChecksRoutes],
  historyReaders,
  tables: ['edit_check_rules'],
};
