import type { FunctionComponent } from 'preact';
import { InboxPage } from './inbox-page.tsx';

/** A page of the console, reached at /console/<path> and listed in the top bar. */
export interface ConsolePage {
  path: string;
  label: string;
  component: FunctionComponent;
}

// New pages (dashboard, settings) are added here; the first one is the landing page.
export const consolePages: ConsolePage[] = [{ path: 'inbox', label: 'Inbox', component: InboxPage }];
