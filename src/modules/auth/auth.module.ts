import type { ModuleManifest } from '../../platform/modules/module-manifest.js';
import { authRoutes } from './auth.routes.js';

// Log-in, log-out and the current session. Sessions themselves are the platform's (auth/sessions.ts).

/** `secureCookies` marks the session cookie Secure even on plain-HTTP requests (it always is over HTTPS). */
export function authModule(options: { secureCookies: boolean }): ModuleManifest {
  return { name: 'auth', routes: [(app) => authRoutes(app, options)] };
}
