import type { Permission } from '../features/auth/auth-types';
import type { ParticipantPage } from '../features/participants/participant-types';
import { type FakeApi, ok } from './fake-api';

/** GET /api/me for a user holding these permissions (what useCan reads to show or hide actions). */
export function answerSession(server: FakeApi, permissions: Permission[]): void {
  server.on(
    'get',
    '/api/me',
    ok<'/api/me'>({
      user: {
        id: '0b6f2f3e-7d4a-4c1b-9e8f-2a3b4c5d6e7f',
        email: 'coordinator@demo.trialdesk.dev',
        fullName: 'Clara Coordinator',
        organizationId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
        organizationName: 'Demo Research Site',
      },
      grants: [],
      permissions,
    }),
  );
}

/** A participant in screening at a German site, consent language German, nothing answered yet. */
export function participantPage(overrides: Partial<ParticipantPage> = {}): ParticipantPage {
  const studyId = '3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a';
  const studySiteId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
  return {
    participant: {
      id: 'c2a1d7e4-8b3f-4f0e-9d6a-1e2b3c4d5e6f',
      studyId,
      studySiteId,
      siteNumber: 'DE01',
      subjectNumber: 'DE01-007',
      status: 'screening',
      consentLanguage: 'de',
      candidateId: null,
      coordinatorUserId: null,
      screenedOn: '2026-03-01',
      consentedOn: null,
      eligibilityConfirmedAt: null,
      eligibilityConfirmedByUserId: null,
      enrolledOn: null,
      randomizationNumber: null,
      screenFailedOn: null,
      screenFailReason: null,
      completedOn: null,
      withdrawnOn: null,
      withdrawalReason: null,
      withdrawalScope: null,
      lostOn: null,
      createdAt: '2026-03-01T08:00:00.000Z',
      updatedAt: '2026-03-01T08:00:00.000Z',
      version: 4,
    },
    studySite: {
      id: studySiteId,
      studyId,
      siteId: '7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f',
      siteName: 'Charité Studienzentrum',
      siteNumber: 'DE01',
      city: 'Berlin',
      country: 'DE',
      timeZone: 'Europe/Berlin',
      protocolNumber: 'TD-301',
      studyShortName: 'CARDIO-3',
      principalInvestigator: 'Dr. Ina Investigator',
      smoName: null,
      smoOrgId: null,
      status: 'active',
      activationDate: '2026-01-15',
      targetEnrollment: 20,
      createdAt: '2026-01-01T08:00:00.000Z',
      updatedAt: '2026-01-15T08:00:00.000Z',
      version: 2,
    },
    consents: [],
    reconsentTasks: [],
    eligibility: { protocolVersionId: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', confirmedAt: null, confirmedByUserId: null, criteria: [] },
    randomization: null,
    ...overrides,
  };
}
