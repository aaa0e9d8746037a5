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
 * AURORA Chicago's log, kept by the coordinator, who obtains consent. The PI signs as herself (her login is linked
 * to her person); Dr. Brooks's entry waits for her signature, which a browser test gives.
 */
interface DemoDelegationEntry {
  study: DemoStudyKey;
  site: DemoSiteKey;
  person: string;
  tasks: string[];
  startDay: RelativeDay;
  keptBy: string;
  signedBy: string | null;
}
export const demoDelegationEntries: DemoDelegationEntry[] = [
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
    tasks: ['obtain_consent', 'enter_data', 'resolve_queries', 'maintain_isf'],
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
  // The other sites that enroll participants: each PI signs their own log.
  ...siteLog(
    'nwt101',
    'denver',
    -170,
    'Dr. Priya Raman',
    'pi.denver@demo.trialdesk.dev',
    'Casey Coordinator',
    'coordinator@demo.trialdesk.dev',
  ),
  ...siteLog(
    'hlx301',
    'chicago',
    -340,
    'Dr. Maya Okafor',
    'investigator@demo.trialdesk.dev',
    'Casey Coordinator',
    'coordinator@demo.trialdesk.dev',
  ),
  ...siteLog(
    'hlx301',
    'munich',
    -290,
    'Dr. Lena Hoffmann',
    'pi.munich@demo.trialdesk.dev',
    'Sabine Krüger',
    'pi.munich@demo.trialdesk.dev',
  ),
];

function siteLog(
  study: DemoStudyKey,
  site: DemoSiteKey,
  startDay: RelativeDay,
  pi: string,
  piLogin: string,
  coordinator: string,
  keptBy: string,
): DemoDelegationEntry[] {
  return [
    { study, site, person: pi, tasks: investigatorTasks, startDay, keptBy, signedBy: piLogin },
    { study, site, person: coordinator, tasks: ['obtain_consent', 'enter_data', 'resolve_queries'], startDay, keptBy, signedBy: piLogin },
  ];
}

export const delegationEntryNote = 'Added to the log after site training';
