import { everyStudyRole, studySetUp } from '../../platform/auth/roles.js';
import type { ModuleManifest, PermissionDeclaration } from '../../platform/modules/module-manifest.js';
import { findVisibleStudy } from './study.repo.js';
import { studyRoutes } from './study.routes.js';

const permissions = {
  'study.read': { description: 'see studies', grantedTo: everyStudyRole },
  'study.create': { description: 'create studies', grantedTo: ['study_manager'] },
  'study.update': {
    description: '**set-up**: edit a study, its training requirements and its delegation task list',
    grantedTo: studySetUp,
  },
} as const satisfies Record<string, PermissionDeclaration>;

/** Who may read a record's history: whoever may see the record. */
const historyReaders = {
  study: async (db, ctx, id) => Boolean(await findVisibleStudy(db, ctx, id)),
} satisfies ModuleManifest['historyReaders'];

declare module '../../platform/auth/permission.js' {
  interface PermissionNames extends Record<keyof typeof permissions, true> {}
}
declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

export const studiesModule: ModuleManifest = {
  name: 'studies',
  routes: [studyRoutes],
  permissions,
  historyReaders,
  tables: ['studies'],
};
