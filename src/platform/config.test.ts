import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('listens on 127.0.0.1 unless HOST says otherwise: the demo accounts share a published password', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '' }).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('reads TRIALDESK_ALLOWED_ORIGINS as a comma-separated list of origins, in the form browsers send', () => {
    expect(loadConfig({}).allowedOrigins).toEqual([]);
    const { allowedOrigins } = loadConfig({
      TRIALDESK_ALLOWED_ORIGINS: ' https://Trials.Example.org , http://localhost:5173/,https://a.example.org:443',
    });
    expect(allowedOrigins).toEqual(['https://trials.example.org', 'http://localhost:5173', 'https://a.example.org']);
  });

  it('refuses to start on an allowed origin that is not one: a path, a query, another scheme, a bare host', () => {
    for (const entry of [
      'https://trials.example.org/app',
      'https://trials.example.org?x=1',
      'ftp://trials.example.org',
      'trials.example.org',
      'null',
    ]) {
      expect(() => loadConfig({ TRIALDESK_ALLOWED_ORIGINS: `https://ok.example.org,${entry}` }), entry).toThrow(
        /TRIALDESK_ALLOWED_ORIGINS/,
      );
    }
  });

  it('marks session cookies Secure on every request in production, or when TRIALDESK_SECURE_COOKIES says so', () => {
    expect(loadConfig({}).secureCookies).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production' }).secureCookies).toBe(true);
    expect(loadConfig({ TRIALDESK_SECURE_COOKIES: 'true' }).secureCookies).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', TRIALDESK_SECURE_COOKIES: 'false' }).secureCookies).toBe(false);
    expect(() => loadConfig({ TRIALDESK_SECURE_COOKIES: 'yes' })).toThrow(/TRIALDESK_SECURE_COOKIES must be "true" or "false"/);
  });

  it('keeps the audit anchor in the data directory unless told otherwise, and refuses a short signing key', () => {
    expect(loadConfig({ TRIALDESK_DATA_DIR: '/srv/trialdesk' }).auditAnchor).toEqual({ dir: '/srv/trialdesk/audit-anchor' });
    const key = 'k'.repeat(32);
    expect(loadConfig({ TRIALDESK_AUDIT_ANCHOR_DIR: '/mnt/anchors', TRIALDESK_AUDIT_ANCHOR_KEY: key }).auditAnchor).toEqual({
      dir: '/mnt/anchors',
      key,
    });
    expect(() => loadConfig({ TRIALDESK_AUDIT_ANCHOR_KEY: 'k'.repeat(31) })).toThrow(
      /TRIALDESK_AUDIT_ANCHOR_KEY must be at least 32 characters/,
    );
  });

  it('keeps uploads waiting for their import job in the data directory unless told otherwise', () => {
    expect(loadConfig({ TRIALDESK_DATA_DIR: '/srv/trialdesk' }).uploadStagingDir).toBe('/srv/trialdesk/uploads');
    expect(loadConfig({ TRIALDESK_UPLOAD_STAGING_DIR: '/var/spool/trialdesk' }).uploadStagingDir).toBe('/var/spool/trialdesk');
  });

  it('turns e-mail on only with TRIALDESK_SMTP_HOST, with a port that follows TLS unless given', () => {
    expect(loadConfig({}).email).toBeUndefined();
    expect(loadConfig({ TRIALDESK_SMTP_PORT: '25', TRIALDESK_SMTP_FROM: 'x' }).email).toBeUndefined();
    const base = {
      TRIALDESK_SMTP_HOST: 'smtp.example.org',
      TRIALDESK_SMTP_FROM: 'Trialdesk <td@example.org>',
      TRIALDESK_PUBLIC_URL: 'https://trials.example.org/',
    };
    expect(loadConfig(base).email).toEqual({
      host: 'smtp.example.org',
      port: 587,
      secure: false,
      from: 'Trialdesk <td@example.org>',
      publicUrl: 'https://trials.example.org',
    });
    expect(loadConfig({ ...base, TRIALDESK_SMTP_SECURE: 'true' }).email).toMatchObject({ port: 465, secure: true });
    expect(
      loadConfig({ ...base, TRIALDESK_SMTP_PORT: '2525', TRIALDESK_SMTP_USER: 'td', TRIALDESK_SMTP_PASSWORD: 'secret' }).email,
    ).toMatchObject({ port: 2525, user: 'td', password: 'secret' });
  });

  it('refuses e-mail settings that could not deliver or link: a bad port, no From, half the login, no public URL', () => {
    const base = {
      TRIALDESK_SMTP_HOST: 'smtp.example.org',
      TRIALDESK_SMTP_FROM: 'td@example.org',
      TRIALDESK_PUBLIC_URL: 'https://t.example.org',
    };
    expect(() => loadConfig({ ...base, TRIALDESK_SMTP_PORT: 'smtp' })).toThrow(/TRIALDESK_SMTP_PORT/);
    expect(() => loadConfig({ ...base, TRIALDESK_SMTP_PORT: '70000' })).toThrow(/TRIALDESK_SMTP_PORT/);
    expect(() => loadConfig({ ...base, TRIALDESK_SMTP_SECURE: 'yes' })).toThrow(/TRIALDESK_SMTP_SECURE/);
    expect(() => loadConfig({ ...base, TRIALDESK_SMTP_FROM: '' })).toThrow(/TRIALDESK_SMTP_FROM/);
    expect(() => loadConfig({ ...base, TRIALDESK_SMTP_USER: 'td' })).toThrow(/TRIALDESK_SMTP_PASSWORD/);
    expect(() => loadConfig({ ...base, TRIALDESK_PUBLIC_URL: '' })).toThrow(/TRIALDESK_PUBLIC_URL/);
    expect(() => loadConfig({ ...base, TRIALDESK_PUBLIC_URL: 'trials.example.org' })).toThrow(/TRIALDESK_PUBLIC_URL/);
  });
});
