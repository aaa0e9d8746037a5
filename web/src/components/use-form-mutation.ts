import type { UseFormReturnType } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { applyProblemToForm } from './form-problems';

/**
 * Submits a Mantine form through a mutation and puts the API's field errors under the inputs
 * they name; the caller shows `error` (minus `shownPointers`) in a ProblemAlert.
 */
export function useFormMutation<Values extends Record<string, unknown>, Result>(
  form: UseFormReturnType<Values>,
  mutationFn: (values: Values) => Promise<Result>,
  onSuccess: (result: Result) => void,
  /** Put errors of list rows under the row's own input rather than under the list. */
  options: { nested?: boolean } = {},
) {
  const [shownPointers, setShownPointers] = useState<string[]>([]);
  const mutation = useMutation({
    mutationFn,
    onSuccess,
    onError: (error) => setShownPointers(applyProblemToForm(error, Object.keys(form.getValues()), form.setFieldError, options)),
  });
  const onSubmit = form.onSubmit((values) => {
    setShownPointers([]);
    mutation.mutate(values);
  });
  return { onSubmit, error: mutation.error, shownPointers, isPending: mutation.isPending, reset: mutation.reset };
}
