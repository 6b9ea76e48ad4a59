import type { WidgetConfig } from '../../shared/protocol.ts';
import type { Visit } from './visit.ts';

export type InvitationRule = WidgetConfig['invitations'][number];

/** An invitation on screen: one of the owner's (`invitationId`) or the site's `Parley('invite')`. */
export interface InvitationView {
  invitationId: string | null;
  text: string;
}

export interface InvitationReport {
  invitationId: string | null;
  kind: 'shown' | 'clicked' | 'chat_started';
  chatId?: string;
  url?: string;
}

/**
 * Does the owner's pattern match the page? `*` matches anything; a pattern starting with `/`
 * is matched against the path (and the query, if the pattern has a `?`), anything else
 * against the whole address. An empty pattern matches every page.
 */
export function urlMatches(pattern: string, url: string): boolean {
  if (!pattern) return true;
  let target = url;
  if (pattern.startsWith('/')) {
    try {
      const parsed = new URL(url);
      target = parsed.pathname + (pattern.includes('?') ? parsed.search : '');
    } catch {
      return false;
    }
  }
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`).test(target);
}

/** The first of the owner's invitations for this page and visitor not shown yet in this visit. */
export function invitationFor(rules: InvitationRule[], url: string, visit: Pick<Visit, 'returning' | 'wasShown'>): InvitationRule | null {
  return (
    rules.find(
      (rule) =>
        urlMatches(rule.urlPattern, url) &&
        (rule.visitors === 'all' || (rule.visitors === 'returning') === visit.returning) &&
        !visit.wasShown(rule.id),
    ) ?? null
  );
}

export interface InvitationDeps {
  rules: InvitationRule[];
  visit: Visit;
  record(report: InvitationReport): void;
  /**
   * May the owner's invitation show now? (window closed, widget not hidden, no chat going on,
   * someone to answer, no NPS card due or to come)
   */
  mayInvite(): boolean;
  /** Is the place by the launcher taken (the window open, an NPS card due)? A site's invitation then goes unshown. */
  placeTaken(): boolean;
  openWindow(): void;
}

/**
 * The invitation bubble's life: the owner's rules start a timer on each page view, the site
 * may invite at any time; shown, clicked and the chat that follows a click are recorded.
 */
export class Invitations {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The owner's invitation whose time has come, waiting for a moment it may show. */
  private due: InvitationRule | null = null;
  private url = '';
  private listeners = new Set<(view: InvitationView | null) => void>();
  private reportedShown = false;
  /** Clicked on this page: the next chat to start is the invitation's doing. */
  private clicked: InvitationView | null = null;
  current: InvitationView | null = null;

  constructor(private deps: InvitationDeps) {}

  subscribe(listener: (view: InvitationView | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A page view: the owner's timer starts again for the new page. */
  pageChanged(url: string): void {
    this.url = url;
    clearTimeout(this.timer);
    this.due = null;
    const rule = invitationFor(this.deps.rules, url, this.deps.visit);
    if (!rule) return;
    this.timer = setTimeout(() => {
      this.due = rule;
      this.recheck();
    }, rule.afterSeconds * 1000);
  }

  /**
   * Something changed that may let a due invitation show (the chat went live, an agent came
   * online, a chat ended, the window closed, the NPS card went): call on each change; cheap
   * when nothing is due.
   */
  recheck(): void {
    const rule = this.due;
    if (!rule || this.current || !this.deps.mayInvite()) return;
    this.due = null;
    if (this.deps.visit.wasShown(rule.id)) return;
    this.deps.visit.markShown(rule.id);
    this.show({ invitationId: rule.id, text: rule.text });
  }

  /** `Parley('invite', text)`. */
  invite(text: string): void {
    if (this.deps.placeTaken()) return;
    this.show({ invitationId: null, text });
  }

  /** The bubble is on screen (the loader sized the frame to it): it counts as shown. */
  onScreen(): void {
    if (!this.current || this.reportedShown) return;
    this.reportedShown = true;
    this.report('shown', this.current);
  }

  click(): void {
    const view = this.current;
    if (!view) return;
    this.report('clicked', view);
    this.clicked = view;
    this.set(null);
    this.deps.openWindow();
  }

  dismiss(): void {
    this.set(null);
  }

  /** The window opened some other way, or an NPS card came: the bubble has done its job or is in the way. */
  giveWay(): void {
    if (this.current) this.set(null);
  }

  chatStarted(chatId: string): void {
    if (!this.clicked) return;
    this.report('chat_started', this.clicked, chatId);
    this.clicked = null;
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private show(view: InvitationView): void {
    this.reportedShown = false;
    this.set(view);
  }

  private report(kind: InvitationReport['kind'], view: InvitationView, chatId?: string): void {
    this.deps.record({ invitationId: view.invitationId, kind, ...(chatId ? { chatId } : {}), ...(this.url ? { url: this.url } : {}) });
  }

  private set(view: InvitationView | null): void {
    this.current = view;
    for (const listener of this.listeners) listener(view);
  }
}
