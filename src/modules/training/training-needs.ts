import { addDays } from '../../platform/dates.js';
import type { TrainingKind, TrainingStatus } from './training.schemas.js';

/**
 * What a person must have done, and where they stand against it on a day. Pure functions:
 * training status and delegation validity are computed on every read, never stored, so an
 * expiry takes effect on its day without a job to run (ICH E6(R3) 2.3.1, qualified staff).
 */
export interface TrainingNeed {
  kind: TrainingKind;
  /** Protocol training counts only for its study. */
  studyId: string | null;
  /** Protocol training: the version required; null accepts any version of the study's protocol. */
  protocolVersion: string | null;
  /** Kind 'other': the course title, matched without regard to case. */
  title: string | null;
}

export interface TrainingFact {
  id: string;
  person_id: string;
  kind: string;
  title: string;
  study_id: string | null;
  protocol_version: string | null;
  completed_on: string;
  expires_on: string | null;
}

export interface NeedAssessment {
  status: TrainingStatus;
  recordId: string | null;
  expiresOn: string | null;
}

export function needKey(need: TrainingNeed): string {
  return [need.kind, need.studyId ?? '', need.protocolVersion ?? '', need.title?.toLowerCase() ?? ''].join('|');
}

export function needLabel(need: TrainingNeed): string {
  switch (need.kind) {
    case 'gcp':
      return 'GCP training';
    case 'protocol':
      return need.protocolVersion ? `Training on protocol version ${need.protocolVersion}` : 'Protocol training';
    case 'licence':
      return 'Professional licence';
    case 'other':
      return `Training "${need.title ?? ''}"`;
  }
}

function satisfies(record: TrainingFact, need: TrainingNeed): boolean {
  if (record.kind !== need.kind) return false;
  if (need.kind === 'protocol') {
    return record.study_id === need.studyId && (need.protocolVersion === null || record.protocol_version === need.protocolVersion);
  }
  if (need.kind === 'other') return record.title.trim().toLowerCase() === need.title?.trim().toLowerCase();
  return true;
}

/** The status of one record on a day: a record completed later than the day does not count yet. */
export function recordStatus(record: Pick<TrainingFact, 'expires_on'>, on: string, expiringWithinDays: number): TrainingStatus {
  if (record.expires_on === null) return 'current';
  if (record.expires_on < on) return 'expired';
  return record.expires_on <= addDays(on, expiringWithinDays) ? 'expiring' : 'current';
}

/** The best record that meets a need on a day (the one that runs longest), and its status. */
export function assessNeed(records: TrainingFact[], need: TrainingNeed, on: string, expiringWithinDays: number): NeedAssessment {
  const best = records
    .filter((r) => r.completed_on <= on && satisfies(r, need))
    .sort((a, b) => (b.expires_on ?? '9999-12-31').localeCompare(a.expires_on ?? '9999-12-31'))[0];
  if (!best) return { status: 'missing', recordId: null, expiresOn: null };
  return { status: recordStatus(best, on, expiringWithinDays), recordId: best.id, expiresOn: best.expires_on };
}

/** A sentence for a need that is not met; null when it is. */
export function unmetReason(need: TrainingNeed, assessment: NeedAssessment): string | null {
  if (assessment.status === 'missing') {
    return need.kind === 'licence' ? 'No professional licence on file.' : `${needLabel(need)} is missing.`;
  }
  if (assessment.status === 'expired') return `${needLabel(need)} expired on ${assessment.expiresOn}.`;
  return null;
}

const severity: Record<TrainingStatus, number> = { current: 0, expiring: 1, expired: 2, missing: 3 };

export function worstStatus(statuses: TrainingStatus[]): TrainingStatus {
  return statuses.reduce<TrainingStatus>((worst, s) => (severity[s] > severity[worst] ? s : worst), 'current');
}
