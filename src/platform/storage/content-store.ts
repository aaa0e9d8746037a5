import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Documents' bytes, stored once under their SHA-256: a version can never change, and the
 * same file uploaded twice is kept once. Paths come from the hash alone, never from a file
 * name a user sent.
 */
export interface ContentStore {
  put(bytes: Buffer): Promise<{ hash: string; size: number }>;
  get(hash: string): Promise<Buffer>;
  describe: string;
}

export const hashPattern = /^[0-9a-f]{64}$/;

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function localContentStore(root: string): ContentStore {
  const pathOf = (hash: string) => {
    if (!hashPattern.test(hash)) throw new Error('not a SHA-256 content hash');
    return join(root, hash.slice(0, 2), hash.slice(2, 4), hash);
  };
  return {
    describe: root,
    async put(bytes) {
      const hash = sha256(bytes);
      const path = pathOf(hash);
      const exists = await stat(path).then(
        () => true,
        () => false,
      );
      if (!exists) {
        await mkdir(join(path, '..'), { recursive: true });
        // Write then rename, so a reader never sees half a file under its final name.
        const partial = `${path}.${randomUUID()}.partial`;
        await writeFile(partial, bytes, { flag: 'wx' });
        await rename(partial, path);
      }
      return { hash, size: bytes.length };
    },
    async get(hash) {
      const bytes = await readFile(pathOf(hash));
      // Bytes that no longer hash to their name were altered on disk: never serve them.
      if (sha256(bytes) !== hash) throw new Error(`content ${hash} is corrupted on disk`);
      return bytes;
    },
  };
}
