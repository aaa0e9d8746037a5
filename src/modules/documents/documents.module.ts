import { everyStudyRole, siteRoles, studySetUp } from '../../platform/auth/roles.js';
import type { ModuleManifest, PermissionDeclaration } from '../../platform/modules/module-manifest.js';
import { completenessRoutes } from './completeness.routes.js';
import { documentRoutes } from './document.routes.js';
import {
  canReadDocumentHistory,
  canReadDocumentRuleHistory,
  canReadDocumentVersionHistory,
  canReadDocumentWaiverHistory,
} from './document-history.repo.js';

const permissions = {
  'document.read': { description: 'see essential documents', grantedTo: everyStudyRole },
  'document.write': { description: 'file documents and new versions', grantedTo: ['study_manager', ...siteRoles] },
  'document.approve': {
    description: 'approve or return a document version (e-signature)',
    grantedTo: ['study_manager', 'cra', 'investigator'],
  },
  'documentRule.write': { description: '**set-up**: choose the documents a study expects of its sites; waive one', grantedTo: studySetUp },
} as const satisfies Record<string, PermissionDeclaration>;

/** Who may read a record's history: whoever may see the record. */
const historyReaders = {
  document: canReadDocumentHistory,
  document_version: canReadDocumentVersionHistory,
  document_rule: canReadDocumentRuleHistory,
  document_waiver: canReadDocumentWaiverHistory,
} satisfies ModuleManifest['historyReaders'];

declare module '../../platform/auth/permission.js' {
  interface PermissionNames extends Record<keyof typeof permissions, true> {}
}
declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

export const documentsModule: ModuleManifest = {
  name: 'documents',
  routes: [documentRoutes, completenessRoutes],
  permissions,
  historyReaders,
  tables: ['documents', 'document_versions', 'document_rules', 'document_waivers'],
};
