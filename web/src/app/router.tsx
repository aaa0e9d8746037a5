import { Center, Loader } from '@mantine/core';
import { type ComponentType, lazy, Suspense } from 'react';
import { createBrowserRouter, Outlet } from 'react-router';
import { NotFoundPage } from '../components/not-found-page';
import { LoginPage } from '../features/auth/login-page';
import { AppLayout } from './app-layout';
import { RequireSession } from './require-session';
import { RouteError } from './route-error';

/**
 * A page whose code is fetched the first time it is opened, so the first load carries only the
 * shell (layout, login, libraries) and not every page of the app.
 */
function lazyPage<M>(load: () => Promise<M>, pick: (module: M) => ComponentType) {
  const Page = lazy(async () => ({ default: pick(await load()) }));
  return <Page />;
}

const pages = {
  home: lazyPage(
    () => import('../features/home/home-page'),
    (m) => m.HomePage,
  ),
  studyList: lazyPage(
    () => import('../features/studies/study-list-page'),
    (m) => m.StudyListPage,
  ),
  studyCreate: lazyPage(
    () => import('../features/studies/study-create-page'),
    (m) => m.StudyCreatePage,
  ),
  studyDetail: lazyPage(
    () => import('../features/studies/study-detail-page'),
    (m) => m.StudyDetailPage,
  ),
  studyEdit: lazyPage(
    () => import('../features/studies/study-edit-page'),
    (m) => m.StudyEditPage,
  ),
  studySiteDetail: lazyPage(
    () => import('../features/study-sites/study-site-detail-page'),
    (m) => m.StudySiteDetailPage,
  ),
  siteBinder: lazyPage(
    () => import('../features/documents/site-binder-page'),
    (m) => m.SiteBinderPage,
  ),
  delegationLog: lazyPage(
    () => import('../features/delegation/delegation-log-page'),
    (m) => m.DelegationLogPage,
  ),
  questionnaire: lazyPage(
    () => import('../features/feasibility/questionnaire-page'),
    (m) => m.QuestionnairePage,
  ),
  prescreening: lazyPage(
    () => import('../features/participants/prescreening-page'),
    (m) => m.PrescreeningPage,
  ),
  participantImport: lazyPage(
    () => import('../features/participant-import/participant-import-page'),
    (m) => m.ParticipantImportPage,
  ),
  participants: lazyPage(
    () => import('../features/participants/participants-page'),
    (m) => m.ParticipantsPage,
  ),
  participant: lazyPage(
    () => import('../features/participants/participant-page'),
    (m) => m.ParticipantPage,
  ),
  formEntry: lazyPage(
    () => import('../features/data-entry/form-entry-page'),
    (m) => m.FormEntryPage,
  ),
  mySettings: lazyPage(
    () => import('../features/notifications/my-settings-page'),
    (m) => m.MySettingsPage,
  ),
  calendar: lazyPage(
    () => import('../features/calendar/calendar-page'),
    (m) => m.CalendarPage,
  ),
  deviations: lazyPage(
    () => import('../features/deviations/deviations-page'),
    (m) => m.DeviationsPage,
  ),
  queries: lazyPage(
    () => import('../features/data-queries/queries-page'),
    (m) => m.QueriesPage,
  ),
  safety: lazyPage(
    () => import('../features/safety/safety-page'),
    (m) => m.SafetyPage,
  ),
  saeReport: lazyPage(
    () => import('../features/safety/sae-report-page'),
    (m) => m.SaeReportPage,
  ),
  auditTrail: lazyPage(
    () => import('../features/audit/audit-trail-page'),
    (m) => m.AuditTrailPage,
  ),
  document: lazyPage(
    () => import('../features/documents/document-page'),
    (m) => m.DocumentPage,
  ),
  person: lazyPage(
    () => import('../features/people/person-page'),
    (m) => m.PersonPage,
  ),
  invitations: lazyPage(
    () => import('../features/feasibility/invitations-page'),
    (m) => m.InvitationsPage,
  ),
  invitation: lazyPage(
    () => import('../features/feasibility/invitation-page'),
    (m) => m.InvitationPage,
  ),
  siteList: lazyPage(
    () => import('../features/sites/site-list-page'),
    (m) => m.SiteListPage,
  ),
  siteCreate: lazyPage(
    () => import('../features/sites/site-create-page'),
    (m) => m.SiteCreatePage,
  ),
  siteDetail: lazyPage(
    () => import('../features/sites/site-detail-page'),
    (m) => m.SiteDetailPage,
  ),
  siteEdit: lazyPage(
    () => import('../features/sites/site-edit-page'),
    (m) => m.SiteEditPage,
  ),
  organizationList: lazyPage(
    () => import('../features/organizations/organization-list-page'),
    (m) => m.OrganizationListPage,
  ),
  organizationDetail: lazyPage(
    () => import('../features/organizations/organization-detail-page'),
    (m) => m.OrganizationDetailPage,
  ),
  userList: lazyPage(
    () => import('../features/users/user-list-page'),
    (m) => m.UserListPage,
  ),
  userCreate: lazyPage(
    () => import('../features/users/user-create-page'),
    (m) => m.UserCreatePage,
  ),
  userDetail: lazyPage(
    () => import('../features/users/user-detail-page'),
    (m) => m.UserDetailPage,
  ),
  backgroundJobs: lazyPage(
    () => import('../features/background-jobs/background-jobs-page'),
    (m) => m.BackgroundJobsPage,
  ),
};

/**
 * One Suspense boundary for every page: navigations run in a transition, so while the next page's
 * code loads the current page stays on screen; only the very first page shows the loader.
 */
function PageSuspense() {
  return (
    <Suspense
      fallback={
        <Center py={80}>
          <Loader aria-label="Loading the page" />
        </Center>
      }
    >
      <Outlet />
    </Suspense>
  );
}

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
      {
        element: <PageSuspense />,
        children: [
          { index: true, element: pages.home },
          { path: 'studies', element: pages.studyList },
          { path: 'studies/new', element: pages.studyCreate },
          { path: 'studies/:studyId', element: pages.studyDetail },
          { path: 'studies/:studyId/edit', element: pages.studyEdit },
          { path: 'studies/:studyId/sites/:studySiteId', element: pages.studySiteDetail },
          { path: 'studies/:studyId/sites/:studySiteId/file', element: pages.siteBinder },
          { path: 'studies/:studyId/sites/:studySiteId/delegation', element: pages.delegationLog },
          { path: 'studies/:studyId/feasibility/:questionnaireId', element: pages.questionnaire },
          { path: 'studies/:studyId/sites/:studySiteId/prescreening', element: pages.prescreening },
          { path: 'studies/:studyId/sites/:studySiteId/participant-import', element: pages.participantImport },
          { path: 'participants', element: pages.participants },
          { path: 'participants/:participantId', element: pages.participant },
          { path: 'participants/:participantId/visits/:visitId/forms/:formOid', element: pages.formEntry },
          { path: 'calendar', element: pages.calendar },
          { path: 'settings', element: pages.mySettings },
          { path: 'deviations', element: pages.deviations },
          { path: 'queries', element: pages.queries },
          { path: 'safety', element: pages.safety },
          { path: 'safety/reports/:reportId', element: pages.saeReport },
          { path: 'audit', element: pages.auditTrail },
          { path: 'studies/:studyId/audit', element: pages.auditTrail },
          { path: 'documents/:documentId', element: pages.document },
          { path: 'people/:personId', element: pages.person },
          { path: 'feasibility', element: pages.invitations },
          { path: 'feasibility/invitations/:invitationId', element: pages.invitation },
          { path: 'sites', element: pages.siteList },
          { path: 'sites/new', element: pages.siteCreate },
          { path: 'sites/:siteId', element: pages.siteDetail },
          { path: 'sites/:siteId/edit', element: pages.siteEdit },
          { path: 'organizations', element: pages.organizationList },
          { path: 'organizations/:organizationId', element: pages.organizationDetail },
          { path: 'users', element: pages.userList },
          { path: 'users/new', element: pages.userCreate },
          { path: 'users/:userId', element: pages.userDetail },
          { path: 'admin/jobs', element: pages.backgroundJobs },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
