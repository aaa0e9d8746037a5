import type { ModuleManifest } from '../../platform/modules/module-manifest.js';
import { dataEntryRoutes } from './data-entry.routes.js';
import { canReadFormEntryHistory } from './data-entry-history.js';

const historyReaders = {
  crf_form_entry: canReadFormEntryHistory,
} satisfies ModuleManifest['historyReaders'];

declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

/**
 * Data entry (issue 12, item 2): the forms of each participant visit, rendered from the CRF
 * metadata of the visit's protocol version, and the values entered in them. Read with
 * participant.read (sponsors and CROs see subject numbers only: values hold no identity),
 * written with participant.write (the site's staff).
 */
export const dataEntryModule: ModuleManifest = {
  name: 'data-entry',
  routes: [dataEntryRoutes],
  historyReaders,
  tables: ['crf_form_entries', 'crf_item_values', 'crf_form_status_counts'],
};
