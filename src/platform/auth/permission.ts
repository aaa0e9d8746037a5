/**
 * The permission names the modules define. Each module's manifest adds its own
 * (`declare module '…/permission.js' { interface PermissionNames … }`); the platform lists none.
 * It is a file of its own: a manifest that augmented roles.ts, whose role groups it also
 * reads, would add nothing (the compiler drops a base type that depends on the module it extends).
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in each module's manifest.
export interface PermissionNames {}
/** Every permission a route or use case can ask for. */
export type Permission = keyof PermissionNames & string;
