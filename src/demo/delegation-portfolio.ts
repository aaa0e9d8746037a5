import type { RelativeDay } from './demo-dates.js';
import type { DemoSiteKey, DemoStudyKey } from './demo-portfolio.js';

/** Studies whose delegation logs use the default task list. */
export const demoDelegationStudies: DemoStudyKey[] = ['nwt101', 'hlx301'];

const investigatorTasks = [
  'obtain_consent',
  'assess_eligibility',
  'medical_history',
  'assess_adverse_events',
  'prescribe_study_drug',
  'sign_crf',
];

/**
 * AURORA Chicago's log, kept by the coordinator. The PI signs as herself (her login is linked
 * to her person); Dr. Brooks's entry waits for her signature, which a browser test gives.
 */
export const demoDelegationEntries: {
  study: DemoStudyKey;
  site: DemoSiteKey;
  person: string;
  tasks: string[];
  startDay: RelativeDay;
  keptBy: string;
  signedBy: string | null;
}[] = [
  {
    study: 'nwt101',
    site: 'chicago',
    person: 'Dr. Maya Okafor',
    tasks: investigatorTasks,
    startDay: -210,
    keptBy: 'coordinator@demo.trialdesk.dev',
    signedBy: 'investigator@demo.trialdesk.dev',
  },
  {
    study: 'nwt101',
    site: 'chicago',
    person: 'Casey Coordinator',
    tasks: ['enter_data', 'resolve_queries', 'maintain_isf'],
    startDay: -210,
    keptBy: 'coordinator@demo.trialdesk.dev',
    signedBy: 'investigator@demo.trialdesk.dev',
  },
  {
    study: 'nwt101',
    site: 'chicago',
    person: 'Dr. Ethan Brooks',
    tasks: ['obtain_consent', 'assess_eligibility'],
    startDay: -14,
    keptBy: 'coordinator@demo.trialdesk.dev',
    signedBy: null,
  },
];

export const delegationEntryNote = 'Added to the log after site training';
