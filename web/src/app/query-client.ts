import { MutationCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './api-client';

export const queryClient: QueryClient = new QueryClient({
  // Any change may add or settle an item of the user's work (home page, badge, bell): ask again,
  // without holding up the change's own answer.
  mutationCache: new MutationCache({
    onSuccess: (): void => {
      void queryClient.invalidateQueries({ queryKey: ['me', 'work'] });
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // 4xx answers will not change on retry (404 stays 404, 401 needs a login).
      retry: (failureCount, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && failureCount < 2,
      refetchOnWindowFocus: false,
    },
  },
});
