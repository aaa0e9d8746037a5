import { join, resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  production: boolean;
  logLevel: string;
  /** Where documents' bytes are kept (default: documents/ in the data directory). */
  documentsDir: string;
  maxUploadBytes: number;
}

/** Reads the environment once, at start-up; nothing else reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number.parseInt(env.PORT ?? '3000', 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  }
  const dataDir = resolve(env.TRIALDESK_DATA_DIR ?? 'data');
  const maxUploadMb = Number(env.TRIALDESK_MAX_UPLOAD_MB ?? '25');
  if (!(maxUploadMb > 0)) throw new Error(`TRIALDESK_MAX_UPLOAD_MB must be a positive number, got "${env.TRIALDESK_MAX_UPLOAD_MB}"`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    documentsDir: resolve(env.TRIALDESK_DOCUMENTS_DIR ?? join(dataDir, 'documents')),
    maxUploadBytes: Math.round(maxUploadMb * 1024 * 1024),
    production: env.NODE_ENV === 'production',
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
