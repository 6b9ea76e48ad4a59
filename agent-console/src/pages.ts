import type { FunctionComponent } from 'preact';
import type { Role } from '../../shared/protocol.ts';
import { LazyDashboardPage } from './dashboard/lazy-dashboard-page.tsx';
import { CannedPage } from './canned-page.tsx';
import { InboxPage } from './inbox-page.tsx';
import { SettingsPage } from './settings-page.tsx';
import { AccountPage } from './account-page.tsx';
import { AuditPage } from './audit-page.tsx';
import { SearchPage } from './search-page.tsx';
import { VisitorsPage } from './visitors-page.tsx';
import { FollowUpsPage } from './follow-ups/follow-ups-page.tsx';
import { FollowUpsBadge } from './follow-ups/follow-ups-badge.tsx';
import { ReviewsPage } from './reviews/reviews-page.tsx';
import { ApiReferencePage } from './api-reference-page.tsx';

/** A page of the console, reached at /console/<path> and listed in the top bar. */
export interface ConsolePage {
  path: string;
  label: string;
  component: FunctionComponent;
  /** Only these roles see the page; every agent when absent. The server enforces the same. */
  roles?: Role[];
  /** Drawn beside the label in the top bar (a live count). */
  badge?: FunctionComponent;
  /** Not in the top bar: reached by a link from another page. */
  unlisted?: true;
}

// New pages (dashboard, settings) are added here; the first one is the landing page.
export const consolePages: ConsolePage[] = [
  { path: 'inbox', label: 'Inbox', component: InboxPage },
  { path: 'dashboard', label: 'Dashboard', component: LazyDashboardPage, roles: ['admin', 'owner'] },
  { path: 'replies', label: 'Canned replies', component: CannedPage },
  { path: 'search', label: 'Search', component: SearchPage },
  { path: 'visitors', label: 'Visitors', component: VisitorsPage },
  { path: 'follow-ups', label: 'Follow-ups', component: FollowUpsPage, badge: FollowUpsBadge },
  // Admins and owners review chats here; an agent reads the reviews of their own.
  { path: 'reviews', label: 'Reviews', component: ReviewsPage },
  { path: 'settings', label: 'Settings', component: SettingsPage, roles: ['admin', 'owner'] },
  { path: 'audit', label: 'Audit log', component: AuditPage, roles: ['admin', 'owner'] },
  { path: 'account', label: 'Account', component: AccountPage },
  { path: 'api-reference', label: 'API reference', component: ApiReferencePage, roles: ['admin', 'owner'], unlisted: true },
];
