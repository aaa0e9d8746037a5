import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { sessionKey } from '../features/auth/auth-api';
import { setUnauthenticatedHandler } from './api-client';
import { queryClient } from './query-client';
import { router } from './router';
import { theme } from './theme';

// A 401 on any call means the session is gone: forgetting it makes RequireSession send the user
// to the login page with the current URL as the place to come back to.
setUnauthenticatedHandler(() => queryClient.setQueryData(sessionKey, null));

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
