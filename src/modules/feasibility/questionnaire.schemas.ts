import { z } from 'zod';
import { id, optionalText, requiredText, versionedFields } from '../../platform/http/fields.js';

export const questionKinds = ['yes_no', 'number', 'single_choice', 'multiple_choice', 'free_text'] as const;
export type QuestionKind = (typeof questionKinds)[number];

const weight = z
  .number()
  .int({ message: 'Must be a whole number.' })
  .min(0)
  .max(100)
  .describe('Share of the answers score this question carries, 0..100 (weights are normalized by their sum).');

const base = {
  text: requiredText(1000),
  required: z.boolean().default(false),
};

const option = z.strictObject({
  value: requiredText(100).describe('What the site sends as its answer.'),
  label: requiredText(300),
  points: z.number().min(0).max(1).describe('Fraction of the weight this option earns, 0..1.'),
});

const yesNo = z.strictObject({
  kind: z.literal('yes_no'),
  ...base,
  weight,
  expected: z.boolean().describe('The answer that earns the full weight; the other earns 0.'),
});

const numberQuestion = z.strictObject({
  kind: z.literal('number'),
  ...base,
  weight,
  unit: optionalText(50),
  min: z.number().nullable().describe('Lower end of the target range (inclusive); null: no lower end.'),
  max: z.number().nullable().describe('Upper end of the target range (inclusive); null: no upper end.'),
  falloff: z
    .number()
    .positive()
    .describe(
      'Distance outside the target range at which the points reach 0. An answer x inside [min, max] earns the full weight; ' +
        'outside, with d = min - x below the range or x - max above it, it earns weight × max(0, 1 - d / falloff).',
    ),
});

const singleChoice = z.strictObject({
  kind: z.literal('single_choice'),
  ...base,
  weight,
  options: z.array(option).min(2).max(50).describe('The chosen option earns points × weight.'),
});

const multipleChoice = z.strictObject({
  kind: z.literal('multiple_choice'),
  ...base,
  weight,
  options: z.array(option).min(2).max(50).describe('The chosen options earn the sum of their points, capped at 1, × weight.'),
});

const freeText = z.strictObject({
  kind: z.literal('free_text'),
  ...base,
  weight: z
    .literal(0, { message: 'A free-text question is not scored: its weight must be 0.' })
    .default(0)
    .describe('Always 0: free text is read, not scored.'),
});

/** A question as the sponsor writes it; the server gives it an id. */
export const questionInput = z.discriminatedUnion('kind', [yesNo, numberQuestion, singleChoice, multipleChoice, freeText]);
export type QuestionInput = z.infer<typeof questionInput>;

/** Rules zod cannot state field by field; each problem points at the field to fix. */
function checkQuestions(questions: QuestionInput[], ctx: z.RefinementCtx) {
  questions.forEach((question, index) => {
    if (question.kind === 'number' && question.min !== null && question.max !== null && question.min > question.max) {
      ctx.addIssue({ code: 'custom', path: [index, 'max'], message: 'Must not be below min.' });
    }
    if (question.kind === 'number' && question.min === null && question.max === null) {
      ctx.addIssue({ code: 'custom', path: [index, 'min'], message: 'Give min, max or both.' });
    }
    if (question.kind === 'single_choice' || question.kind === 'multiple_choice') {
      const seen = new Set<string>();
      question.options.forEach((o, optionIndex) => {
        if (seen.has(o.value))
          ctx.addIssue({ code: 'custom', path: [index, 'options', optionIndex, 'value'], message: 'Repeats another option.' });
        seen.add(o.value);
      });
    }
  });
  if (questions.length > 0 && questions.every((q) => q.weight === 0)) {
    ctx.addIssue({ code: 'custom', path: [], message: 'At least one question must carry a weight, or there is nothing to score.' });
  }
}

const questionList = z.array(questionInput).min(1).max(200).superRefine(checkQuestions);

/** A stored question: what the sponsor wrote, with the id answers refer to. */
export const questionSchema = z.discriminatedUnion('kind', [
  yesNo.extend({ id }),
  numberQuestion.extend({ id }),
  singleChoice.extend({ id }),
  multipleChoice.extend({ id }),
  freeText.extend({ id }),
]);
export type Question = z.infer<typeof questionSchema>;

/**
 * A question as a site sees it: no weights, expected answers, target ranges or option points,
 * so a site answers what is true rather than what scores.
 */
export const siteQuestionSchema = z.object({
  id,
  kind: z.enum(questionKinds),
  text: z.string(),
  required: z.boolean(),
  unit: z.string().nullable().optional(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
});
export type SiteQuestion = z.infer<typeof siteQuestionSchema>;

export const questionnaireStatuses = ['draft', 'sent'] as const;

export const questionnaireSchema = z.object({
  id,
  studyId: id,
  title: z.string(),
  revision: z.number().int().describe('1 for a first questionnaire; one more than the questionnaire it supersedes.'),
  supersedesId: id.nullable(),
  status: z.enum(questionnaireStatuses).describe('draft: editable; sent: frozen, a change makes a new questionnaire.'),
  sentAt: z.iso.datetime().nullable(),
  questions: z.array(questionSchema),
  ...versionedFields,
});
export type Questionnaire = z.infer<typeof questionnaireSchema>;

export const createQuestionnaireSchema = z.strictObject({
  title: requiredText(300),
  supersedesId: id.nullable().optional().describe('The sent questionnaire this one replaces, in the same study.'),
  questions: questionList,
});
export type CreateQuestionnaire = z.infer<typeof createQuestionnaireSchema>;

export const updateQuestionnaireSchema = z.strictObject({
  title: requiredText(300).optional(),
  questions: questionList.optional().describe('Replaces the whole list; questions get new ids.'),
});
export type UpdateQuestionnaire = z.infer<typeof updateQuestionnaireSchema>;

export const questionnaireListSchema = z.object({ items: z.array(questionnaireSchema) });
