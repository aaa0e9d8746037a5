import type { Permission } from '../auth/roles.js';

/**
 * What a route needs: a permission (held in some grant; the use case then checks the record's
 * scope), any logged-in user, or nobody (login, health, the API description).
 */
export type RoutePermission = Permission | 'authenticated' | 'public';
