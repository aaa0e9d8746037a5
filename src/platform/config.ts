import { join, resolve } from 'node:path';

export interface Config {
  port: number;
  /** The interface to listen on: loopback unless HOST says otherwise, since the demo's password is public. */
  host: string;
  databaseUrl?: string;
  dataDir: string;
  production: boolean;
  logLevel: string;
  /** Where documents' bytes are kept (default: documents/ in the data directory). */
  documentsDir: string;
  /** When set (TRIALDESK_S3_BUCKET), documents' bytes go to S3-compatible storage instead of documentsDir. */
  s3?: S3Config;
  maxUploadBytes: number;
  /** Where uploads wait for the background job that reads them (TRIALDESK_UPLOAD_STAGING_DIR, default uploads/ in the data directory). */
  uploadStagingDir: string;
  /** Origins besides the app's own that may send state-changing requests (TRIALDESK_ALLOWED_ORIGINS). */
  allowedOrigins: string[];
  /** Mark the session cookie Secure even on a plain-HTTP request (TRIALDESK_SECURE_COOKIES; on in production). */
  secureCookies: boolean;
  /** Where the signed head of the audit chain is kept, outside the database (docs/decisions/0010). */
  auditAnchor: AuditAnchorConfig;
  /** SMTP for e-mailing messages (TRIALDESK_SMTP_*); when TRIALDESK_SMTP_HOST is unset, e-mail is off and messages stay in the app. */
  email?: EmailConfig;
}

export interface EmailConfig {
  host: string;
  port: number;
  /** TLS from the first byte (port 465 style); false: plain, upgraded with STARTTLS when the server offers it. */
  secure: boolean;
  user?: string;
  password?: string;
  /** The From address, e.g. "Trialdesk <trialdesk@example.org>". */
  from: string;
  /** The app's address as its users reach it (TRIALDESK_PUBLIC_URL): the links in e-mails start with it. */
  publicUrl: string;
}

export interface AuditAnchorConfig {
  /** TRIALDESK_AUDIT_ANCHOR_DIR, default audit-anchor/ in the data directory. */
  dir: string;
  /** TRIALDESK_AUDIT_ANCHOR_KEY; when unset, a key file in `dir` is made on the first anchor. */
  key?: string;
}

export interface S3Config {
  bucket: string;
  prefix: string;
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
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
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    documentsDir: resolve(env.TRIALDESK_DOCUMENTS_DIR ?? join(dataDir, 'documents')),
    ...(env.TRIALDESK_S3_BUCKET ? { s3: loadS3Config(env, env.TRIALDESK_S3_BUCKET) } : {}),
    maxUploadBytes: Math.round(maxUploadMb * 1024 * 1024),
    uploadStagingDir: resolve(env.TRIALDESK_UPLOAD_STAGING_DIR ?? join(dataDir, 'uploads')),
    allowedOrigins: loadAllowedOrigins(env.TRIALDESK_ALLOWED_ORIGINS ?? ''),
    secureCookies: loadSwitch(env, 'TRIALDESK_SECURE_COOKIES') ?? env.NODE_ENV === 'production',
    auditAnchor: loadAuditAnchorConfig(env, dataDir),
    ...(env.TRIALDESK_SMTP_HOST ? { email: loadEmailConfig(env, env.TRIALDESK_SMTP_HOST) } : {}),
    production: env.NODE_ENV === 'production',
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}

/** Comma-separated origins (`https://trials.example.org`), each exactly as a browser sends it in `Origin`. */
function loadAllowedOrigins(list: string): string[] {
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const url = URL.canParse(entry) ? new URL(entry) : undefined;
      const isOrigin =
        url &&
        ['http:', 'https:'].includes(url.protocol) &&
        url.pathname === '/' &&
        !url.search &&
        !url.hash &&
        !url.username &&
        !url.password;
      if (!isOrigin) {
        throw new Error(`TRIALDESK_ALLOWED_ORIGINS must list origins such as https://trials.example.org (no path), got "${entry}"`);
      }
      return url.origin;
    });
}

/** The key signs anchors, so a short one could be guessed from an anchor file: 32 characters at least. */
function loadAuditAnchorConfig(env: NodeJS.ProcessEnv, dataDir: string): AuditAnchorConfig {
  const key = env.TRIALDESK_AUDIT_ANCHOR_KEY || undefined;
  if (key !== undefined && key.length < 32) {
    throw new Error('TRIALDESK_AUDIT_ANCHOR_KEY must be at least 32 characters (e.g. the output of `openssl rand -base64 32`)');
  }
  return { dir: resolve(env.TRIALDESK_AUDIT_ANCHOR_DIR ?? join(dataDir, 'audit-anchor')), ...(key ? { key } : {}) };
}

/** A "true" or "false" setting; undefined when it is not set. */
function loadSwitch(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const value = env[name] ?? '';
  if (!['', 'true', 'false'].includes(value)) throw new Error(`${name} must be "true" or "false", got "${value}"`);
  return value === '' ? undefined : value === 'true';
}

/** Credentials are not read here: the AWS SDK reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY itself. */
function loadS3Config(env: NodeJS.ProcessEnv, bucket: string): S3Config {
  const endpoint = env.TRIALDESK_S3_ENDPOINT || undefined;
  if (endpoint && !URL.canParse(endpoint)) throw new Error(`TRIALDESK_S3_ENDPOINT must be a URL, got "${endpoint}"`);
  return {
    bucket,
    prefix: env.TRIALDESK_S3_PREFIX ?? 'documents',
    ...(endpoint ? { endpoint } : {}),
    region: env.TRIALDESK_S3_REGION || 'us-east-1',
    forcePathStyle: loadSwitch(env, 'TRIALDESK_S3_FORCE_PATH_STYLE') ?? false,
  };
}

/** A link in an e-mail must open the app: the public URL is required once e-mail is on. */
function loadEmailConfig(env: NodeJS.ProcessEnv, host: string): EmailConfig {
  const secure = loadSwitch(env, 'TRIALDESK_SMTP_SECURE') ?? false;
  const portText = env.TRIALDESK_SMTP_PORT || (secure ? '465' : '587');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw new Error(`TRIALDESK_SMTP_PORT must be a port number, got "${portText}"`);
  const from = env.TRIALDESK_SMTP_FROM ?? '';
  if (!from.includes('@'))
    throw new Error(`TRIALDESK_SMTP_FROM must be an e-mail address (e.g. "Trialdesk <trialdesk@example.org>"), got "${from}"`);
  const user = env.TRIALDESK_SMTP_USER || undefined;
  const password = env.TRIALDESK_SMTP_PASSWORD || undefined;
  if (Boolean(user) !== Boolean(password)) throw new Error('TRIALDESK_SMTP_USER and TRIALDESK_SMTP_PASSWORD are set together, or neither');
  const publicUrl = env.TRIALDESK_PUBLIC_URL ?? '';
  const url = URL.canParse(publicUrl) ? new URL(publicUrl) : undefined;
  if (!url || !['http:', 'https:'].includes(url.protocol)) {
    throw new Error(
      `TRIALDESK_PUBLIC_URL must be the app's address (e.g. https://trials.example.org) when e-mail is on, got "${publicUrl}"`,
    );
  }
  return { host, port, secure, ...(user && password ? { user, password } : {}), from, publicUrl: url.href.replace(/\/+$/, '') };
}
