import { Center, Loader } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { isApiError } from '../app/api-client';
import { NotFoundPage } from './not-found-page';
import { ProblemAlert } from './problem-alert';

/** Loading, not-found and error states of a record page, so each page only renders its data. */
export function QueryBoundary<T>({ query, what, children }: { query: UseQueryResult<T>; what: string; children: (data: T) => ReactNode }) {
  if (query.isPending) {
    return (
      <Center py={80}>
        <Loader aria-label={`Loading ${what}`} />
      </Center>
    );
  }
  if (query.isError) {
    if (isApiError(query.error, 404)) return <NotFoundPage what={what} />;
    return <ProblemAlert error={query.error} />;
  }
  return children(query.data);
}
