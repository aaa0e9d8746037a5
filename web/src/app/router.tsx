import { createBrowserRouter, Navigate } from 'react-router';
import { NotFoundPage } from '../components/not-found-page';
import { LoginPage } from '../features/auth/login-page';
import { DelegationLogPage } from '../features/delegation/delegation-log-page';
import { DocumentPage } from '../features/documents/document-page';
import { SiteBinderPage } from '../features/documents/site-binder-page';
import { InvitationPage } from '../features/feasibility/invitation-page';
import { InvitationsPage } from '../features/feasibility/invitations-page';
import { QuestionnairePage } from '../features/feasibility/questionnaire-page';
import { OrganizationDetailPage } from '../features/organizations/organization-detail-page';
import { OrganizationListPage } from '../features/organizations/organization-list-page';
import { PersonPage } from '../features/people/person-page';
import { SiteCreatePage } from '../features/sites/site-create-page';
import { SiteDetailPage } from '../features/sites/site-detail-page';
import { SiteEditPage } from '../features/sites/site-edit-page';
import { SiteListPage } from '../features/sites/site-list-page';
import { StudyCreatePage } from '../features/studies/study-create-page';
import { StudyDetailPage } from '../features/studies/study-detail-page';
import { StudyEditPage } from '../features/studies/study-edit-page';
import { StudyListPage } from '../features/studies/study-list-page';
import { StudySiteDetailPage } from '../features/study-sites/study-site-detail-page';
import { UserCreatePage } from '../features/users/user-create-page';
import { UserDetailPage } from '../features/users/user-detail-page';
import { UserListPage } from '../features/users/user-list-page';
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
      { path: 'studies/:studyId/sites/:studySiteId/file', element: <SiteBinderPage /> },
      { path: 'studies/:studyId/sites/:studySiteId/delegation', element: <DelegationLogPage /> },
      { path: 'studies/:studyId/feasibility/:questionnaireId', element: <QuestionnairePage /> },
      { path: 'documents/:documentId', element: <DocumentPage /> },
      { path: 'people/:personId', element: <PersonPage /> },
      { path: 'feasibility', element: <InvitationsPage /> },
      { path: 'feasibility/invitations/:invitationId', element: <InvitationPage /> },
      { path: 'sites', element: <SiteListPage /> },
      { path: 'sites/new', element: <SiteCreatePage /> },
      { path: 'sites/:siteId', element: <SiteDetailPage /> },
      { path: 'sites/:siteId/edit', element: <SiteEditPage /> },
      { path: 'organizations', element: <OrganizationListPage /> },
      { path: 'organizations/:organizationId', element: <OrganizationDetailPage /> },
      { path: 'users', element: <UserListPage /> },
      { path: 'users/new', element: <UserCreatePage /> },
      { path: 'users/:userId', element: <UserDetailPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
