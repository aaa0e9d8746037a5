import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import { listCrfItemDefinitions } from '../crf-metadata/crf-metadata.repo.js';
import { findEditCheckScope } from './edit-check-access.js';
import { findEditCheckRule } from './edit-checks.repo.js';
import type { RuleTestRun } from './edit-checks.schemas.js';
import { runRuleTests } from './run-rule-tests.js';

/** Runs a rule's stored test cases against the current metadata: whoever reads the protocol may; nothing is written. */
export async function runEditCheckTests(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { studyId: string; protocolVersionId: string; ruleId: string },
): Promise<RuleTestRun> {
  const { metadata } = await findEditCheckScope(db, ctx, ids.studyId, ids.protocolVersionId);
  const rule = await findEditCheckRule(db, metadata.id, ids.ruleId);
  if (!rule) throw notFound('edit check');
  const items = (await listCrfItemDefinitions(db, metadata.id)).map((i) => ({ oid: i.oid, dataType: i.data_type }));
  const results = runRuleTests(items, rule.expression, rule.test_cases);
  const passed = results.filter((r) => r.passed).length;
  return { ruleId: rule.id, passed, failed: results.length - passed, results };
}
