import { Alert, Button, List } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { ApiError, type FieldProblem } from '../app/api-client';

interface ProblemAlertProps {
  error: unknown;
  /** Field errors already shown under their inputs, left out here. */
  shownPointers?: string[];
  /** Offered on 412: the record changed meanwhile, so reading it again is the way forward. */
  onReload?: () => void;
}

/** The top-of-form summary of a failed request: the problem's detail and any error no field shows. */
export function ProblemAlert({ error, shownPointers = [], onReload }: ProblemAlertProps) {
  if (!error) return null;
  if (!(error instanceof ApiError)) {
    return (
      <Alert color="red" icon={<IconAlertTriangle />} title="Something went wrong" role="alert">
        {error instanceof Error ? error.message : String(error)}
      </Alert>
    );
  }
  const { problem } = error;
  if (problem.status === 412) {
    return (
      <Alert color="orange" icon={<IconAlertTriangle />} title="Someone else changed this record" role="alert">
        {problem.detail ?? 'The record changed since you opened it.'} Your edits are still in the form; reload to see the latest version,
        then apply them again.
        {onReload && (
          <div>
            <Button mt="sm" size="xs" variant="white" color="orange" onClick={onReload}>
              Reload latest version
            </Button>
          </div>
        )}
      </Alert>
    );
  }
  const others = (problem.errors ?? []).filter((fieldError) => !shownPointers.includes(fieldError.pointer));
  // A one-field error (e.g. a wrong signing password) repeats its field's message as the detail:
  // it is already under the input, and saying it twice only confuses.
  const detailShownUnderField = (problem.errors ?? []).some(
    (fieldError) => shownPointers.includes(fieldError.pointer) && fieldError.detail === problem.detail,
  );
  if (others.length === 0 && detailShownUnderField) return null;
  return (
    <Alert color="red" icon={<IconAlertTriangle />} title={titleFor(problem.status, problem.title)} role="alert">
      {detailWithout(problem.detail, others)}
      {others.length > 0 && (
        <List size="sm" mt="xs">
          {others.map((fieldError) => (
            <List.Item key={`${fieldError.pointer}:${fieldError.detail}`}>
              {fieldLabel(fieldError.pointer)}
              {fieldError.detail}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/**
 * Some problems put their reasons both in the detail and in errors[] (e.g. why a person is not
 * validly delegated): each reason is listed once, below, and taken out of the detail's sentence.
 */
function detailWithout(detail: string | undefined, listed: FieldProblem[]): string | undefined {
  if (!detail) return detail;
  let rest = detail;
  for (const { detail: reason } of listed) if (reason && rest.includes(reason)) rest = rest.replace(reason, '');
  rest = rest.replace(/\s+/g, ' ').trim();
  return rest === '' || rest === ':' ? undefined : rest;
}

function titleFor(status: number, title: string): string {
  if (status === 403) return 'Not allowed';
  if (status === 409) return 'Conflict';
  if (status === 400) return 'Please check the form';
  return title;
}

function fieldLabel(pointer: string): string {
  const field = pointer.replace(/^[a-z]+:/, '').replace(/^\//, '');
  return field ? `${field}: ` : '';
}
