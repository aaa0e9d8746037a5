import type { Config } from '../config.js';
import { type ContentStore, localContentStore } from './content-store.js';
import { s3ContentStore } from './s3-content-store.js';

/** The one place that decides where documents' bytes live: S3 when a bucket is configured, else a folder. */
export function contentStoreFromConfig(config: Pick<Config, 'documentsDir' | 's3'>): ContentStore {
  return config.s3 ? s3ContentStore(config.s3) : localContentStore(config.documentsDir);
}
