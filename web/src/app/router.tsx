import { createBrowserRouter, Navigate } from 'react-router';
import { NotFoundPage } from '../components/not-found-page';
import { LoginPage } from '../features/auth/login-page';
import { StudyCreatePage } from '../features/studies/study-create-page';
import { StudyDetailPage } from '../features/studies/study-detail-page';
import { StudyEditPage } from '../features/studies/study-edit-page';
import { StudyListPage } from '../features/studies/study-list-page';
import { StudySiteDetailPage } from '../features/study-sites/study-site-detail-page';
import { AppLayout } from './app-layout';
import { RequireSession } from './require-session';
import { RouteError } from './route-error';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to="/studies" replace /> },
      { path: 'studies', element: <StudyListPage /> },
      { path: 'studies/new', element: <StudyCreatePage /> },
      { path: 'studies/:studyId', element: <StudyDetailPage /> },
      { path: 'studies/:studyId/edit', element: <StudyEditPage /> },
      { path: 'studies/:studyId/sites/:studySiteId', element: <StudySiteDetailPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
