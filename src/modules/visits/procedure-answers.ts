import type { FieldError } from '../../platform/errors.js';

export interface ProcedureAnswer {
  code: string;
  done: boolean;
  notDoneReason?: string | null;
  name?: string | null;
}
export interface ProcedureResult {
  code: string;
  name: string;
  done: boolean;
  notDoneReason: string | null;
}

/**
 * ICH E6(R3) 2.12 (source records): each procedure of the visit is answered, done or not, and a
 * procedure not done says why. `defined` is the visit definition's procedures; when there is none
 * (an ad-hoc visit), the answers are the procedures and each needs a name.
 */
export function checkProcedureAnswers(
  answers: ProcedureAnswer[],
  defined: { code: string; name: string }[] | undefined,
): { results: ProcedureResult[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const results: ProcedureResult[] = [];
  const seen = new Set<string>();
  answers.forEach((answer, i) => {
    if (seen.has(answer.code)) errors.push({ pointer: `/procedures/${i}/code`, detail: `Procedure ${answer.code} is answered twice.` });
    seen.add(answer.code);
    let name = answer.name ?? null;
    if (defined) {
      const definition = defined.find((p) => p.code === answer.code);
      if (!definition) errors.push({ pointer: `/procedures/${i}/code`, detail: `The visit has no procedure ${answer.code}.` });
      name = definition?.name ?? name;
    } else if (!name) {
      errors.push({ pointer: `/procedures/${i}/name`, detail: 'Name the procedure: this visit has no defined procedures.' });
    }
    const reason = answer.notDoneReason?.trim() || null;
    if (!answer.done && !reason)
      errors.push({ pointer: `/procedures/${i}/notDoneReason`, detail: `Say why procedure ${answer.code} was not done.` });
    results.push({ code: answer.code, name: name ?? answer.code, done: answer.done, notDoneReason: answer.done ? null : reason });
  });
  for (const p of defined ?? []) {
    if (!seen.has(p.code))
      errors.push({ pointer: '/procedures', detail: `Procedure ${p.code} (${p.name}) is not answered: say whether it was done.` });
  }
  return { results, errors };
}
