import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { type ContentStore, hashPattern, sha256 } from './content-store.js';

export interface S3ContentStoreOptions {
  bucket: string;
  /** Folder inside the bucket (default "documents"); "" puts the hash folders at the bucket's root. */
  prefix?: string;
  /** An S3-compatible service (MinIO, Ceph…); absent for AWS itself. */
  endpoint?: string;
  region: string;
  /** Most S3-compatible services need bucket-in-path URLs rather than bucket subdomains. */
  forcePathStyle?: boolean;
  /** Absent in production: the SDK's standard chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profiles, instance roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * Documents' bytes in an S3 bucket under `<prefix>/ab/cd/<hash>`, the same layout as the local
 * folder, so a bucket can be filled from a copy of that folder. An S3 PutObject is atomic: a
 * reader never sees half an object under its key.
 */
export function s3ContentStore(options: S3ContentStoreOptions): ContentStore {
  const prefix = (options.prefix ?? 'documents').replace(/^\/+|\/+$/g, '');
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle ?? false,
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  const keyOf = (hash: string) => {
    if (!hashPattern.test(hash)) throw new Error('not a SHA-256 content hash');
    return `${prefix ? `${prefix}/` : ''}${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`;
  };
  return {
    describe: describeLocation(options.bucket, prefix, options.endpoint),
    async put(bytes) {
      const digest = createHash('sha256').update(bytes).digest();
      const hash = digest.toString('hex');
      const key = keyOf(hash);
      // Content-addressed: an object under this key already holds these bytes.
      if (await exists(client, options.bucket, key)) return { hash, size: bytes.length };
      await client.send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: key,
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: 'application/octet-stream',
          // S3 recomputes the digest and refuses the upload if the bytes were altered on the way.
          ChecksumSHA256: digest.toString('base64'),
        }),
      );
      return { hash, size: bytes.length };
    },
    async get(hash) {
      const object = await client.send(new GetObjectCommand({ Bucket: options.bucket, Key: keyOf(hash) }));
      if (!object.Body) throw new Error(`content ${hash} has no body in the bucket`);
      const bytes = Buffer.from(await object.Body.transformToByteArray());
      // 21 CFR 11.10(a): bytes that no longer hash to their name were altered in the bucket; never serve them.
      if (sha256(bytes) !== hash) throw new Error(`content ${hash} is corrupted in the bucket`);
      return bytes;
    },
  };
}

async function exists(client: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return false;
    throw error;
  }
}

/** For the start-up log: where the bytes go, never who signs the requests. */
function describeLocation(bucket: string, prefix: string, endpoint: string | undefined): string {
  const location = `s3://${bucket}/${prefix ? `${prefix}/` : ''}`;
  if (!endpoint) return location;
  const url = new URL(endpoint);
  url.username = '';
  url.password = '';
  return `${location} at ${url.origin}${url.pathname === '/' ? '' : url.pathname}`;
}
