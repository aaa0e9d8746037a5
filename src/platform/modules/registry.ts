import type { EntityType } from '../audit/audit-events.js';
import type { Permission, Role } from '../auth/roles.js';
import type { HistoryReader, ModuleManifest, PermissionDeclaration } from './module-manifest.js';

/**
 * The modules the app runs with. buildApp registers them; the role table, `can` and the audit
 * module read them from here, so the platform never imports a module.
 */
interface Registry {
  modules: readonly ModuleManifest[];
  permissions: Map<Permission, PermissionDeclaration>;
  historyReaders: Map<EntityType, HistoryReader>;
  owners: Map<string, string>;
}

let registry: Registry = {
  modules: [],
  permissions: new Map<Permission, PermissionDeclaration>(),
  historyReaders: new Map<EntityType, HistoryReader>(),
  owners: new Map(),
};
const byName = new Map<string, ModuleManifest>();

/**
 * Registers modules, replacing any registered under the same name (each app built in one
 * process registers its list again; a test's extra routes come as a module of their own).
 * Refuses two modules that claim the same permission, entity type or table.
 */
export function registerModules(modules: readonly ModuleManifest[]): void {
  const all = new Map(byName);
  for (const module of modules) all.set(module.name, module);
  const next: Registry = {
    modules: [...all.values()],
    permissions: new Map<Permission, PermissionDeclaration>(),
    historyReaders: new Map<EntityType, HistoryReader>(),
    owners: new Map(),
  };
  const claimed = new Map<string, string>();
  const claim = (what: string, by: string) => {
    const earlier = claimed.get(what);
    if (earlier && earlier !== by) throw new Error(`Modules ${earlier} and ${by} both declare ${what}.`);
    claimed.set(what, by);
  };
  for (const module of next.modules) {
    for (const [name, declaration] of Object.entries(module.permissions ?? {})) {
      claim(`the permission ${name}`, module.name);
      next.permissions.set(name as Permission, declaration);
    }
    for (const [entityType, reader] of Object.entries(module.historyReaders ?? {})) {
      claim(`the audited entity type ${entityType}`, module.name);
      next.historyReaders.set(entityType as EntityType, reader);
    }
    for (const table of module.tables ?? []) {
      claim(`the table ${table}`, module.name);
      next.owners.set(table, module.name);
    }
  }
  for (const [name, module] of all) byName.set(name, module);
  registry = next;
}

/**
 * The registry, once a composition root (buildApp, serve, the CLI) has filled it. Empty, every
 * permission check would quietly say no: that is a wiring mistake, so it says so instead.
 */
function filled(): Registry {
  if (registry.modules.length === 0) {
    throw new Error('No modules are registered: call registerModules(domainModules(…)) before checking permissions or history readers.');
  }
  return registry;
}

export function registeredModules(): readonly ModuleManifest[] {
  return filled().modules;
}

/** Every permission of the registered modules, in their order. */
export function registeredPermissions(): ReadonlyMap<Permission, PermissionDeclaration> {
  return filled().permissions;
}

/** The history reader of every audited entity type; a type without one shows its history to nobody. */
export function registeredHistoryReaders(): ReadonlyMap<EntityType, HistoryReader> {
  return filled().historyReaders;
}

/** The module that owns each table. */
export function tableOwners(): ReadonlyMap<string, string> {
  return filled().owners;
}

/** Whether a role holds a permission, as the registered modules grant it. */
export function grants(role: Role, permission: Permission): boolean {
  const declaration = filled().permissions.get(permission);
  if (!declaration) return false;
  if (role === 'platform_admin') return !declaration.notForPlatformAdmin;
  return declaration.grantedTo.includes(role);
}
