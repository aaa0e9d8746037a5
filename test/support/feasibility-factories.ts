import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { createQuestionnaire } from '../../src/modules/feasibility/create-questionnaire.js';
import type { CreateQuestionnaire, QuestionInput } from '../../src/modules/feasibility/questionnaire.schemas.js';
import { assertActivationAllowed } from '../../src/modules/milestones/assert-activation-allowed.js';
import { updateStudySite } from '../../src/modules/study-sites/update-study-site.js';
import { systemContext } from '../../src/platform/context.js';
import type { DB } from '../../src/platform/db/schema.js';
import { makeStudySite } from './factories.js';

/** Factories for feasibility records, made through the use cases like the others. */
const setup = systemContext('test-setup');

/** One question of each kind; the weights add up to 100 so points read as percentages. */
export function questionOfEachKind(): QuestionInput[] {
  return [
    { kind: 'yes_no', text: 'Is there a -80 °C freezer on site?', required: true, weight: 20, expected: true },
    {
      kind: 'number',
      text: 'Eligible patients you can screen per month',
      required: true,
      weight: 40,
      unit: 'patients/month',
      min: 10,
      max: 20,
      falloff: 10,
    },
    {
      kind: 'single_choice',
      text: "The PI's experience in phase 2 oncology trials",
      required: true,
      weight: 20,
      options: [
        { value: 'none', label: 'None', points: 0 },
        { value: 'some', label: '1 to 3 trials', points: 0.5 },
        { value: 'extensive', label: 'More than 3 trials', points: 1 },
      ],
    },
    {
      kind: 'multiple_choice',
      text: 'Imaging on site',
      required: false,
      weight: 20,
      options: [
        { value: 'ecg', label: 'ECG', points: 0.5 },
        { value: 'mri', label: 'MRI', points: 0.5 },
        { value: 'ct', label: 'CT', points: 0.25 },
      ],
    },
    { kind: 'free_text', text: 'Anything else we should know?', required: false, weight: 0 },
  ];
}

export function makeQuestionnaire(db: Kysely<DB>, studyId: string, overrides: Partial<CreateQuestionnaire> = {}) {
  return createQuestionnaire(db, setup, studyId, { title: 'Site feasibility', questions: questionOfEachKind(), ...overrides });
}

/**
 * A study-site that went candidate → selected → start-up → active at the given instants, through
 * the study-sites use case, so the audit trail holds the status changes a real one would.
 */
export async function makeActivatedStudySite(db: Kysely<DB>, studyId: string, siteId: string, selectedAt: string, activeAt: string) {
  const created = await makeStudySite(db, studyId, siteId);
  const at = (iso: string) => systemContext('test-setup', () => new Date(iso));
  const gate = assertActivationAllowed;
  const selected = await updateStudySite(
    db,
    at(selectedAt),
    studyId,
    created.id,
    created.version,
    { status: 'selected', reason: 'Chosen' },
    gate,
  );
  const startUp = await updateStudySite(
    db,
    at(selectedAt),
    studyId,
    created.id,
    selected.version,
    { status: 'start_up', reason: 'Contracting' },
    gate,
  );
  return updateStudySite(db, at(activeAt), studyId, created.id, startUp.version, { status: 'active', reason: 'Greenlight' }, gate);
}

/** PUT as one user (the shared test client has no PUT). */
export function put(app: FastifyInstance, cookie: string, url: string, body: unknown, headers: Record<string, string> = {}) {
  return app.inject({ method: 'PUT', url, payload: body as object, headers: { cookie, ...headers } });
}
