import type { Question } from './questionnaire.schemas.js';
import type { Answers } from './validate-answers.js';

/**
 * How a site's feasibility score is made. One place, so the code, the API's `method` text and
 * the tests agree; a later module that brings enrollment data plugs into `historyComponents`.
 *
 * - Answers score (0..100): the sum of the points each question earned divided by the sum of
 *   the questions' weights, × 100. Points per kind: yes_no, the weight when the answer is the
 *   expected one; number, the weight inside [min, max], weight × max(0, 1 - d / falloff) at a
 *   distance d outside; single_choice, option points × weight; multiple_choice, the sum of the
 *   chosen options' points capped at 1, × weight; free_text, not scored (weight 0). A question
 *   left unanswered earns 0.
 * - History score (0..100): the mean of the points of the history components whose data exists
 *   in Trialdesk. Start-up cycle time earns 100 points at 90 days or less, 0 at 270 or more,
 *   linear in between. Enrollment rate and screen-failure rate wait for participant data.
 * - Final score: answers × 0.7 + history × 0.3 when at least one history component is
 *   available; the answers score alone otherwise, so a site new to Trialdesk is not penalized
 *   for having no record here.
 * Scores are rounded to 2 decimals; the short-list ranks by final score, ties by the earlier
 * submission.
 */
export const answersShare = 0.7;
export const historyShare = 0.3;
export const cycleTimeFullPointsDays = 90;
export const cycleTimeZeroPointsDays = 270;

export const scoringMethod =
  'final = answers × 0.7 + history × 0.3 when any history component is available, otherwise final = answers. ' +
  'answers = sum of question points / sum of question weights × 100. Points: yes_no, full weight for the expected answer; ' +
  'number, full weight inside [min, max], weight × max(0, 1 − d / falloff) at distance d outside; single_choice, option points × weight; ' +
  'multiple_choice, min(1, sum of chosen option points) × weight; free_text, not scored; unanswered, 0. ' +
  "history = mean of the available components' points: start-up cycle time (mean days from candidate→selected to active over the " +
  "site's other study-sites in Trialdesk) earns 100 at ≤ 90 days, 0 at ≥ 270 days, linear between; enrollment rate and " +
  'screen-failure rate are not available until participant data exists. Scores are rounded to 2 decimals; ties rank by earlier submission.';

export const round2 = (value: number) => Math.round(value * 100) / 100;

export interface QuestionPoints {
  questionId: string;
  weight: number;
  points: number;
}

/** The fraction (0..1) of its weight that one answer earns. */
export function answerFraction(question: Question, answer: Answers[string] | undefined): number {
  if (answer === undefined) return 0;
  switch (question.kind) {
    case 'yes_no':
      return answer === question.expected ? 1 : 0;
    case 'number': {
      if (typeof answer !== 'number') return 0;
      const below = question.min !== null && answer < question.min ? question.min - answer : 0;
      const above = question.max !== null && answer > question.max ? answer - question.max : 0;
      return Math.max(0, 1 - (below + above) / question.falloff);
    }
    case 'single_choice':
      return question.options.find((o) => o.value === answer)?.points ?? 0;
    case 'multiple_choice': {
      if (!Array.isArray(answer)) return 0;
      const sum = question.options.filter((o) => answer.includes(o.value)).reduce((total, o) => total + o.points, 0);
      return Math.min(1, sum);
    }
    case 'free_text':
      return 0;
  }
}

export function scoreAnswers(questions: Question[], answers: Answers): { score: number; questions: QuestionPoints[] } {
  const points = questions.map((q) => ({ questionId: q.id, weight: q.weight, points: q.weight * answerFraction(q, answers[q.id]) }));
  const totalWeight = points.reduce((sum, p) => sum + p.weight, 0);
  const earned = points.reduce((sum, p) => sum + p.points, 0);
  return {
    score: totalWeight === 0 ? 0 : round2((earned / totalWeight) * 100),
    questions: points.map((p) => ({ ...p, points: round2(p.points) })),
  };
}

export interface HistoryComponent {
  name: 'startup_cycle_time' | 'enrollment_rate' | 'screen_failure_rate';
  unit: string;
  value: number | null;
  points: number | null;
  available: boolean;
  basis: string;
}

export function cycleTimePoints(days: number): number {
  const span = cycleTimeZeroPointsDays - cycleTimeFullPointsDays;
  return round2(Math.min(100, Math.max(0, ((cycleTimeZeroPointsDays - days) / span) * 100)));
}

export interface FinalScore {
  final: number;
  answers: number;
  history: number | null;
}

export function combineScores(answers: number, components: HistoryComponent[]): FinalScore {
  const available = components.filter((c) => c.available && c.points !== null);
  if (available.length === 0) return { final: answers, answers, history: null };
  const history = round2(available.reduce((sum, c) => sum + (c.points ?? 0), 0) / available.length);
  return { final: round2(answers * answersShare + history * historyShare), answers, history };
}
