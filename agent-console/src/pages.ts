import type { FunctionComponent } from 'preact';
import type { Role } from '../../shared/protocol.ts';
import type { MessageKey } from './i18n.ts';
import { InboxPage } from './inbox-page.tsx';
import { FollowUpsBadge } from './follow-ups/follow-ups-badge.tsx';
import { lazyPage } from './lazy-page.tsx';

/** A page of the console, reached at /console/<path> and listed in the top bar. */
export interface ConsolePage {
  path: string;
  label: string;
  /** A shorter word for the top bar where the label's Russian or Bulgarian is long (its English is the label's). */
  navLabel?: MessageKey;
  component: FunctionComponent;
  /** Only these roles see the page; every agent when absent. The server enforces the same. */
  roles?: Role[];
  /** Drawn beside the label in the top bar (a live count). */
  badge?: FunctionComponent;
  /** Not in the top bar: reached by a link from another page. */
  unlisted?: true;
}

// New pages (dashboard, settings) are added here; the first one is the landing page. It is the
// one page in the app's first chunk (the installed app's start URL); the others load when opened.
export const consolePages: ConsolePage[] = [
  { path: 'inbox', label: 'Inbox', component: InboxPage },
  { path: 'dashboard', label: 'Dashboard', component: lazyPage(() => import('./dashboard/dashboard-page.tsx').then((m) => m.DashboardPage)), roles: ['admin', 'owner'] },
  { path: 'replies', label: 'Canned replies', navLabel: 'top bar::Canned replies', component: lazyPage(() => import('./canned-page.tsx').then((m) => m.CannedPage)) },
  { path: 'search', label: 'Search', component: lazyPage(() => import('./search-page.tsx').then((m) => m.SearchPage)) },
  { path: 'visitors', label: 'Visitors', component: lazyPage(() => import('./visitors-page.tsx').then((m) => m.VisitorsPage)) },
  { path: 'follow-ups', label: 'Follow-ups', component: lazyPage(() => import('./follow-ups/follow-ups-page.tsx').then((m) => m.FollowUpsPage)), badge: FollowUpsBadge },
  // Admins and owners review chats here; an agent reads the reviews of their own.
  { path: 'reviews', label: 'Reviews', navLabel: 'top bar::Reviews', component: lazyPage(() => import('./reviews/reviews-page.tsx').then((m) => m.ReviewsPage)) },
  { path: 'settings', label: 'Settings', component: lazyPage(() => import('./settings-page.tsx').then((m) => m.SettingsPage)), roles: ['admin', 'owner'] },
  { path: 'audit', label: 'Audit log', navLabel: 'top bar::Audit log', component: lazyPage(() => import('./audit-page.tsx').then((m) => m.AuditPage)), roles: ['admin', 'owner'] },
  { path: 'account', label: 'Account', navLabel: 'top bar::Account', component: lazyPage(() => import('./account-page.tsx').then((m) => m.AccountPage)) },
  {
    path: 'api-reference',
    label: 'API reference',
    component: lazyPage(() => import('./api-reference-page.tsx').then((m) => m.ApiReferencePage)),
    roles: ['admin', 'owner'],
    unlisted: true,
  },
];
