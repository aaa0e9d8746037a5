import type { FieldError } from '../../platform/errors.js';
import type { Question } from './questionnaire.schemas.js';

export type AnswerValue = boolean | number | string | string[];
export type Answers = Record<string, AnswerValue>;

const maxFreeText = 4000;

/** Why an answer does not fit its question, or null when it does. */
function answerProblem(question: Question, value: unknown): string | null {
  switch (question.kind) {
    case 'yes_no':
      return typeof value === 'boolean' ? null : 'Answer true or false.';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'Answer a number.';
    case 'single_choice': {
      const values = question.options.map((o) => o.value);
      if (typeof value !== 'string') return 'Answer one of the options.';
      return values.includes(value) ? null : `Not an option; choose one of: ${values.join(', ')}.`;
    }
    case 'multiple_choice': {
      const values = question.options.map((o) => o.value);
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return 'Answer a list of options.';
      const unknown = value.filter((v) => !values.includes(v));
      if (unknown.length > 0) return `Not options: ${unknown.join(', ')}; choose from: ${values.join(', ')}.`;
      return new Set(value).size === value.length ? null : 'An option is chosen twice.';
    }
    case 'free_text':
      if (typeof value !== 'string') return 'Answer with text.';
      return value.length <= maxFreeText ? null : `At most ${maxFreeText} characters.`;
  }
}

/** An answer that says nothing: it does not meet a required question. */
function isBlank(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/**
 * Checks answers against the questionnaire: each problem points at `/answers/<questionId>`.
 * A draft may leave questions unanswered (null or absent); a submission must answer
 * every required one.
 */
export function answerProblems(questions: Question[], answers: Record<string, unknown>, mode: 'draft' | 'submit'): FieldError[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const problems: FieldError[] = [];
  for (const [questionId, value] of Object.entries(answers)) {
    const pointer = `/answers/${questionId}`;
    const question = byId.get(questionId);
    if (!question) problems.push({ pointer, detail: 'No such question in this questionnaire.' });
    else if (value === null) continue;
    else {
      const problem = answerProblem(question, value);
      if (problem) problems.push({ pointer, detail: problem });
    }
  }
  if (mode === 'submit') {
    for (const question of questions) {
      if (question.required && isBlank(answers[question.id])) problems.push({ pointer: `/answers/${question.id}`, detail: 'Required.' });
    }
  }
  return problems;
}

/** PUT replaces the whole set of answers; a null is the same as leaving the question out. */
export function storedAnswers(answers: Record<string, unknown>): Answers {
  return Object.fromEntries(Object.entries(answers).filter(([, value]) => value !== null)) as Answers;
}
