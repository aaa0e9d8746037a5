import { everyStudyRole, siteRoles } from '../../platform/auth/roles.js';
import type { ModuleManifest, PermissionDeclaration } from '../../platform/modules/module-manifest.js';
import { dataQueryRoutes } from './data-query.routes.js';
import { canReadQueryHistory } from './data-query-access.js';

/**
 * Who does what with data queries (ICH E6(R3): the monitor and data management raise data
 * discrepancies, the investigator's site resolves them): the sponsor's side raises and closes,
 * the site answers; everyone on the study reads them, by subject number only.
 */
const permissions = {
  'query.read': { description: 'see data queries and their conversation', grantedTo: everyStudyRole },
  'query.raise': { description: 'raise a data query, or re-open one', grantedTo: ['study_manager', 'cra', 'data_manager'] },
  'query.answer': { description: 'answer a data query', grantedTo: siteRoles },
  'query.close': { description: 'close a data query', grantedTo: ['study_manager', 'cra', 'data_manager'] },
} as const satisfies Record<string, PermissionDeclaration>;

declare module '../../platform/auth/permission.js' {
  interface PermissionNames extends Record<keyof typeof permissions, true> {}
}

const historyReaders = { data_query: canReadQueryHistory } satisfies ModuleManifest['historyReaders'];

declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

/** Data clarification queries (issue 12, item 4): raised by hand or opened by edit checks at save. */
export const dataQueriesModule: ModuleManifest = {
  name: 'data-queries',
  routes: [dataQueryRoutes],
  permissions,
  historyReaders,
  tables: ['data_queries', 'data_query_messages', 'data_query_counts'],
};
