import { describe, expect, it } from 'vitest';
import { isReadOnlyStatement } from './read-only-statement.js';

describe('isReadOnlyStatement', () => {
  it.each([
    'select "id", "name" from "studies" where "organization_id" = $1 order by "name" limit $2',
    '  SELECT 1;',
    'with "visible" as (select "id" from "studies") select count(*) from "visible"',
    'select "updated_at", "deleted_by" from "participants"',
  ])('reads: %s', (sql) => {
    expect(isReadOnlyStatement(sql)).toBe(true);
  });

  it.each([
    'begin',
    'start transaction isolation level serializable',
    'insert into "notes" ("body") values ($1)',
    'update "sessions" set "last_seen_at" = $1',
    'with "moved" as (delete from "jobs" returning *) select count(*) from "moved"',
    'with "added" as (insert into "x" values (1) returning id) select id from "added"',
    'select * from "participant_visits" where "id" = $1 for update',
    'select * from "participants" for no key update',
    'select * from "participants" for share',
    "select set_config('app.user', $1, true)",
    'select pg_advisory_xact_lock($1)',
    "select nextval('participant_numbers')",
    'select pgboss.create_queue($1, $2)',
    'select * into "copy" from "studies"',
    'begin; select 1; commit;',
    'set local lock_timeout = 1000',
    'savepoint "a"',
    'explain analyze delete from "x"',
  ])('writes (or may): %s', (sql) => {
    expect(isReadOnlyStatement(sql)).toBe(false);
  });
});
