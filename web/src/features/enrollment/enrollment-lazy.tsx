import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';

// recharts is large; only those who open an enrollment view download it.
const EnrollmentView = lazy(() => import('./enrollment-view'));

export function LazyEnrollmentView(props: { studyId: string; studySiteId?: string }) {
  return (
    <Suspense
      fallback={
        <Center py="xl">
          <Loader size="sm" aria-label="Loading the enrollment view" />
        </Center>
      }
    >
      <EnrollmentView {...props} />
    </Suspense>
  );
}
