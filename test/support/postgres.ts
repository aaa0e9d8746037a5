import pg from 'pg';

/** Drops and creates the database named in the URL, through the server's `postgres` database. */
export async function recreatePostgresDatabase(url: string): Promise<void> {
  await onServer(url, async (client, name) => {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  });
}

/** Drops the database named in the URL; close its pools first. */
export async function dropPostgresDatabase(url: string): Promise<void> {
  await onServer(url, (client, name) => client.query(`drop database if exists ${name} with (force)`));
}

async function onServer(url: string, work: (client: pg.Client, name: string) => Promise<unknown>): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.replace(/^\//, '');
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Refusing to drop or create database "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await work(client, name);
  } finally {
    await client.end();
  }
}
