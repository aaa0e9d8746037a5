import type { AnswerValue } from '../modules/feasibility/validate-answers.js';
import type { DemoSiteKey, DemoStudyKey } from './demo-portfolio.js';

/** BOREAL's feasibility questionnaire: one question of each kind, each scored but the free text. */
export const demoQuestionnaire = {
  study: 'nwt205' as DemoStudyKey,
  title: 'BOREAL site feasibility: chronic spontaneous urticaria',
  sentBy: 'studymanager@demo.trialdesk.dev',
  questions: [
    {
      kind: 'yes_no' as const,
      text: 'Does the site run a dedicated allergy or urticaria clinic?',
      required: true,
      weight: 20,
      expected: true,
    },
    {
      kind: 'number' as const,
      text: 'How many patients with chronic spontaneous urticaria did the site see in the last 12 months?',
      required: true,
      weight: 40,
      unit: 'patients',
      min: 120,
      max: null,
      falloff: 100,
    },
    {
      kind: 'single_choice' as const,
      text: 'How soon after receiving the final package can the site submit to its IRB or ethics committee?',
      required: true,
      weight: 20,
      options: [
        { value: 'within_2_weeks', label: 'Within 2 weeks', points: 1 },
        { value: '2_to_4_weeks', label: '2 to 4 weeks', points: 0.6 },
        { value: 'over_4_weeks', label: 'More than 4 weeks', points: 0.2 },
      ],
    },
    {
      kind: 'multiple_choice' as const,
      text: 'Which of these does the site have?',
      required: false,
      weight: 20,
      options: [
        { value: 'freezer_80', label: '−80 °C freezer with temperature monitoring', points: 0.4 },
        { value: 'pharmacy', label: 'Investigational drug pharmacy', points: 0.3 },
        { value: 'ecoa', label: 'Experience with eCOA diaries (UAS7)', points: 0.3 },
      ],
    },
    {
      kind: 'free_text' as const,
      text: 'Which studies in the same population does the site run or plan to run?',
      required: false,
      weight: 0 as const,
    },
  ],
};

/**
 * Sent to BOREAL's candidate sites. Denver answered through the coordinator; München has no
 * demo user who may answer for it, so its invitation stays open and its feasibility milestone late.
 */
export const demoFeasibilitySites: DemoSiteKey[] = ['munich', 'denver'];

/** Answers in question order (the questions get their ids when created). */
export const demoFeasibilityAnswers: { site: DemoSiteKey; answeredBy: string; answers: AnswerValue[] }[] = [
  {
    site: 'denver',
    answeredBy: 'coordinator@demo.trialdesk.dev',
    answers: [
      true,
      150,
      '2_to_4_weeks',
      ['freezer_80', 'ecoa'],
      'One observational urticaria registry; no competing interventional study.',
    ],
  },
];
