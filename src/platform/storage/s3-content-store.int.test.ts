import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTenant, makeUser } from '../../../test/support/factories.js';
import { multipartForm, pdfBytes } from '../../../test/support/files.js';
import { startTestS3Server, type TestS3Server } from '../../../test/support/s3-server.js';
import { client, openTestDatabase } from '../../../test/support/test-app.js';
import { domainModules } from '../../modules/index.js';
import type { Database } from '../db/database.js';
import { buildApp } from '../http/build-app.js';
import { sha256 } from './content-store.js';
import { contentStoreFromConfig } from './content-store-from-config.js';
import { s3ContentStore } from './s3-content-store.js';

let s3: TestS3Server;
let sdk: S3Client;

beforeAll(async () => {
  s3 = await startTestS3Server();
  sdk = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: s3.credentials });
});
afterAll(async () => {
  sdk.destroy();
  await s3.close();
});

const store = () =>
  s3ContentStore({ bucket: s3.bucket, endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: s3.credentials });
const keyOf = (hash: string, prefix = 'documents') => `${prefix}/${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`;
const readObject = async (key: string) => {
  const object = await sdk.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
  return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
};
const overwrite = (key: string, bytes: Buffer) => sdk.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: bytes }));
const keysUnder = async (prefix: string) =>
  ((await sdk.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }))).Contents ?? []).map((o) => o.Key);

describe('S3-compatible content store', () => {
  it('stores bytes under <prefix>/ab/cd/<sha256> and gives back exactly them', async () => {
    const bytes = pdfBytes('round trip');
    const { hash, size } = await store().put(bytes);
    expect(hash).toBe(sha256(bytes));
    expect(size).toBe(bytes.length);
    expect((await readObject(keyOf(hash))).equals(bytes)).toBe(true);
    expect((await store().get(hash)).equals(bytes)).toBe(true);
  });

  it('does not write the same bytes twice', async () => {
    const bytes = pdfBytes('stored once');
    const prefix = 'stored-once';
    const once = s3ContentStore({
      bucket: s3.bucket,
      prefix,
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: s3.credentials,
    });
    const { hash } = await once.put(bytes);
    // Replace the object behind the store's back: a second put that wrote again would restore it.
    const marker = Buffer.from('written by the test, not by the store');
    await overwrite(keyOf(hash, prefix), marker);
    expect(await once.put(bytes)).toEqual({ hash, size: bytes.length });
    expect((await readObject(keyOf(hash, prefix))).equals(marker)).toBe(true);
    expect(await keysUnder(`${prefix}/`)).toEqual([keyOf(hash, prefix)]);
  });

  it('refuses to serve an object whose bytes no longer match its hash', async () => {
    const bytes = pdfBytes('to be tampered with');
    const { hash } = await store().put(bytes);
    await overwrite(keyOf(hash), pdfBytes('tampered'));
    await expect(store().get(hash)).rejects.toThrow(/corrupted/);
  });

  it('sends the SHA-256 with the upload, for S3 to check the bytes it receives', async () => {
    // s3rver ignores x-amz-checksum-sha256, so what the store sends is read on the way, through a relay.
    const seen: { method?: string; headers: IncomingHttpHeaders }[] = [];
    const target = new URL(s3.endpoint);
    const relay = createServer((incoming, outgoing) => {
      seen.push({ method: incoming.method, headers: incoming.headers });
      const forwarded = request(
        { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      incoming.pipe(forwarded);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
      const relayed = s3ContentStore({
        bucket: s3.bucket,
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: s3.credentials,
      });
      const bytes = pdfBytes('checked by S3');
      await relayed.put(bytes);
      const upload = seen.find((r) => r.method === 'PUT');
      expect(upload?.headers['x-amz-checksum-sha256']).toBe(createHash('sha256').update(bytes).digest('base64'));
      expect(upload?.headers['content-type']).toBe('application/octet-stream');
    } finally {
      relay.close();
    }
  });

  it('refuses a key that is not a content hash', async () => {
    await expect(store().get('../../etc/passwd')).rejects.toThrow(/not a SHA-256/);
  });

  it('is chosen from the configuration when a bucket is set, and describes itself without secrets', () => {
    const configured = contentStoreFromConfig({
      documentsDir: '/unused',
      s3: {
        bucket: 'trial-files',
        prefix: 'documents',
        endpoint: 'http://key:secret@minio.local:9000',
        region: 'eu-west-1',
        forcePathStyle: true,
      },
    });
    expect(configured.describe).toBe('s3://trial-files/documents/ at http://minio.local:9000');
    expect(contentStoreFromConfig({ documentsDir: '/srv/trialdesk/documents' }).describe).toBe('/srv/trialdesk/documents');
  });
});

describe('documents through the API, stored in S3', () => {
  let database: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    database = await openTestDatabase();
    app = await buildApp({ database, modules: domainModules({ secureCookies: false }), contentStore: store() });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('uploads a document into the bucket and downloads the same bytes', async () => {
    const tenant = await makeTenant(database.db);
    const coordinator = client(
      app,
      (await makeUser(database.db, tenant.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: tenant.site.id }])).cookie,
    );
    const bytes = pdfBytes('IRB approval kept in S3');
    const created = await coordinator.post(
      '/api/documents',
      multipartForm(
        { bytes, name: 'irb approval.pdf' },
        { studyId: tenant.study.id, siteId: tenant.site.id, artifactNumber: '04.01.02', title: 'IRB approval' },
      ),
    );
    expect(created.statusCode).toBe(201);
    const document = created.json();
    const [version] = document.versions;
    expect(version).toMatchObject({ sizeBytes: bytes.length, mediaType: 'application/pdf' });
    expect((await readObject(keyOf(sha256(bytes)))).equals(bytes)).toBe(true);

    const content = await coordinator.get(`/api/documents/${document.id}/versions/${version.id}/content`);
    expect(content.statusCode).toBe(200);
    expect(content.rawPayload.equals(bytes)).toBe(true);
  });
});
