import type { EditCheckRuleRow } from './edit-checks.repo.js';
import type { EditCheck } from './edit-checks.schemas.js';

export function toEditCheck(row: EditCheckRuleRow): EditCheck {
  return {
    id: row.id,
    metadataVersionId: row.metadata_version_id,
    oid: row.oid,
    name: row.name,
    expression: row.expression,
    severity: row.severity as EditCheck['severity'],
    message: row.message,
    itemOids: row.item_oids,
    testCases: row.test_cases,
    active: row.active,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** An expression reads an item as item.OID, or item["OID"] when the OID is not a CEL identifier. */
export function itemReference(oid: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(oid) ? `item.${oid}` : `item[${JSON.stringify(oid)}]`;
}
