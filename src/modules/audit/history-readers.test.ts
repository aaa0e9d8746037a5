import { beforeAll, expect, it } from 'vitest';
import { registeredHistoryReaders, registerModules } from '../../platform/modules/registry.js';
import { domainModules } from '../index.js';

beforeAll(() => registerModules(domainModules({ secureCookies: false })));

// The entity types the code writes to the audit trail: each has a reader in its module's
// manifest, or its history would be shown to nobody.
const written = [
  'organization',
  'user',
  'grant',
  'study',
  'site',
  'study_site',
  'person',
  'site_staff',
  'document',
  'document_version',
  'document_rule',
  'document_waiver',
  'training_record',
  'training_requirement',
  'delegation_task',
  'delegation_entry',
  'milestone_template',
  'study_site_milestone',
  'feasibility_questionnaire',
  'feasibility_invitation',
  'feasibility_response',
  'protocol_version',
  'protocol_site_approval',
  'icf_version',
  'icf_site_approval',
  'participant_settings',
  'identity',
  'prescreen_candidate',
  'participant',
  'consent',
  'reconsent_task',
  'randomization_scheme',
  'allocation',
  'background_job',
  'emergency_unblinding',
  'participant_visit',
  'participant_visit_schedule',
  'protocol_deviation',
  'calendar_feed',
  'user_notification',
  'email_delivery',
  'email_digest',
  'email_preferences',
  'participant_import_job',
  'crf_metadata_version',
  'data_query',
  'edit_check_rule',
  'crf_form_entry',
  'adverse_event',
  'sae_report',
  'sae_report_version',
  'sae_regulatory_clock',
  'safety_study_settings',
];

it('every kind of audited record says who may read its history', () => {
  expect([...registeredHistoryReaders().keys()].sort()).toEqual([...written].sort());
});
