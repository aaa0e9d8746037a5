import type { ModuleManifest } from '../../platform/modules/module-manifest.js';
import { crfMetadataRoutes } from './crf-metadata.routes.js';
import { canReadCrfMetadataHistory } from './crf-metadata-access.js';

/** Who may read a record's history: whoever may see the protocol version it belongs to. */
const historyReaders = {
  crf_metadata_version: canReadCrfMetadataHistory,
} satisfies ModuleManifest['historyReaders'];

declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

/**
 * A protocol version's CRF metadata (issue 12, study build): imported from CDISC ODM 1.3.2 and
 * versioned with the protocol version, so it is read and written under the protocol's own
 * permissions (protocol.read, protocol.write): the study team that writes the protocol builds
 * its forms.
 */
export const crfMetadataModule: ModuleManifest = {
  name: 'crf-metadata',
  routes: [crfMetadataRoutes],
  historyReaders,
  tables: [
    'crf_metadata_versions',
    'crf_measurement_units',
    'crf_code_lists',
    'crf_code_list_items',
    'crf_conditions',
    'crf_study_events',
    'crf_forms',
    'crf_event_forms',
    'crf_item_groups',
    'crf_form_item_groups',
    'crf_items',
    'crf_item_group_items',
  ],
};
