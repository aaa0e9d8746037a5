import type { defaultMilestones } from '../modules/milestones/add-default-milestones.js';
import type { RelativeDay } from './demo-dates.js';
import type { DemoSiteKey, DemoStudyKey } from './demo-portfolio.js';

type MilestoneCode = (typeof defaultMilestones)[number]['code'];
type Days = Partial<Record<MilestoneCode, RelativeDay>>;

/** Studies that use the default start-up template. */
export const demoMilestoneStudies: DemoStudyKey[] = ['nwt101', 'nwt205', 'hlx301'];

export interface DemoMilestones {
  study: DemoStudyKey;
  site: DemoSiteKey;
  /** Actual dates. */
  done: Days;
  /** Planned dates of milestones still open: one in the past makes it late. */
  planned?: Days;
  /** The study-site's activation date, for sites that went active. */
  activationDay?: RelativeDay;
}

/**
 * A site that went active: every milestone done, in dependency order, from selection to
 * activation (contract and ethics in parallel, then the essential documents and the SIV).
 */
function activated(study: DemoStudyKey, site: DemoSiteKey, selected: RelativeDay, activation: RelativeDay): DemoMilestones {
  const span = activation - selected;
  const at = (share: number) => selected + Math.round(span * share);
  return {
    study,
    site,
    activationDay: activation,
    done: {
      cda_signed: selected - 35,
      feasibility_complete: selected - 14,
      site_selected: selected,
      budget_agreed: at(0.3),
      irb_approval: at(0.5),
      contract_executed: at(0.55),
      essential_documents_complete: at(0.75),
      site_initiation_visit: at(0.9),
      activation,
    },
  };
}

/** Dates stay at least two days from today (see safeMarginDays), whatever the hour of seeding. */
export const demoMilestones: DemoMilestones[] = [
  activated('nwt101', 'chicago', -300, -200),
  activated('nwt101', 'denver', -290, -160),
  activated('nwt101', 'cologne', -330, -250),
  // Valencia is ready: everything the activation gate asks for is done (a browser test activates it).
  {
    study: 'nwt101',
    site: 'valencia',
    done: {
      cda_signed: -160,
      feasibility_complete: -140,
      site_selected: -120,
      budget_agreed: -90,
      contract_executed: -60,
      irb_approval: -45,
      essential_documents_complete: -20,
      site_initiation_visit: -5,
    },
    planned: { activation: 5 },
  },
  {
    study: 'nwt205',
    site: 'evanston',
    done: { cda_signed: -75, feasibility_complete: -50, site_selected: -20 },
    planned: { budget_agreed: -5, contract_executed: 30, irb_approval: 40 },
  },
  { study: 'nwt205', site: 'munich', done: { cda_signed: -45 }, planned: { feasibility_complete: -4 } },
  { study: 'nwt205', site: 'denver', done: { cda_signed: -40 }, planned: { feasibility_complete: 10 } },
  { study: 'nwt205', site: 'madrid', done: { cda_signed: -120, feasibility_complete: -95 } },
  activated('hlx301', 'chicago', -420, -330),
  activated('hlx301', 'munich', -400, -280),
  activated('hlx301', 'seville', -410, -300),
  {
    study: 'hlx301',
    site: 'denver',
    done: { cda_signed: -110, feasibility_complete: -85, site_selected: -60, budget_agreed: -25 },
    planned: { irb_approval: -4, contract_executed: 20 },
  },
];

export function activationDayOf(study: string, site: string): RelativeDay | undefined {
  return demoMilestones.find((m) => m.study === study && m.site === site)?.activationDay;
}
