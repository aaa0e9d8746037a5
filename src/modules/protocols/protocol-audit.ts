import type { ProtocolVersion } from './protocol.schemas.js';

/** The header fields of a version as the audit trail shows them (the structure is diffed per section). */
export function protocolHeader(version: ProtocolVersion) {
  return {
    studyId: version.studyId,
    versionNumber: version.versionNumber,
    versionLabel: version.versionLabel,
    status: version.status,
    summaryOfChanges: version.summaryOfChanges,
    amendsVersionId: version.amendsVersionId,
  };
}
