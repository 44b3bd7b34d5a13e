import './print.css';
import { lazy, Suspense, type ReactElement } from 'react';
import { Skeleton } from 'antd';
import { CalendarPage } from '../admin/CalendarPage.js';
import { StaffPage } from '../admin/StaffPage.js';
import { StoreIntegrityPage } from '../admin/StoreIntegrityPage.js';
import { AuditPage } from '../audit/AuditPage.js';
import { ComplaintsPage } from '../complaints/ComplaintsPage.js';
import { InboxPage } from '../inbox/InboxPage.js';
import { SamplingPage } from '../sampling/SamplingPage.js';
import { IdentitiesPage } from '../identities/IdentitiesPage.js';
import { LedgerPage } from '../ledger/LedgerPage.js';
import { DeclarationsPage } from '../declarations/DeclarationsPage.js';
import { CompliancePage } from '../supervision/CompliancePage.js';
import { DeadlinesBoardPage } from '../deadlines/DeadlinesBoardPage.js';
import { RecordTimelinePage } from '../deadlines/RecordTimelinePage.js';
import { MaterialPage } from '../materials/MaterialPage.js';
import { MaterialsPage } from '../materials/MaterialsPage.js';
import { ReportsPage } from '../reports/ReportsPage.js';

// The charts library is large: it loads with the report page, not with every page.
const ReportPage = lazy(() => import('../reports/ReportPage.js').then((m) => ({ default: m.ReportPage })));

/** The part-2 pages (issue 17: the court office, supervision, reports), by path. */
export const OFFICE_ROUTES: readonly { path: string; element: ReactElement }[] = [
  { path: '/materials', element: <MaterialsPage /> },
  { path: '/materials/:id', element: <MaterialPage /> },
  { path: '/deadlines', element: <DeadlinesBoardPage /> },
  { path: '/deadlines/records/:id', element: <RecordTimelinePage /> },
  { path: '/reports', element: <ReportsPage /> },
  { path: '/declarations', element: <DeclarationsPage /> },
  { path: '/compliance', element: <CompliancePage /> },
  { path: '/calendar', element: <CalendarPage /> },
  { path: '/identities', element: <IdentitiesPage /> },
  { path: '/ledger', element: <LedgerPage /> },
  { path: '/complaints', element: <ComplaintsPage /> },
  { path: '/audit', element: <AuditPage /> },
  { path: '/staff', element: <StaffPage /> },
  { path: '/store-integrity', element: <StoreIntegrityPage /> },
  { path: '/inbox', element: <InboxPage /> },
  { path: '/sampling', element: <SamplingPage /> },
  { path: '/sampling/:id', element: <SamplingPage /> },
  {
    path: '/reports/:id',
    element: (
      <Suspense fallback={<Skeleton active />}>
        <ReportPage />
      </Suspense>
    ),
  },
];
