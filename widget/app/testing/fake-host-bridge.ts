import type { HostPage, SiteCall } from '../../frame-messages.ts';
import type { HostBridge, HostHello, LauncherLabels } from '../host-bridge.ts';

/** The loader's side, as the chat window sees it: open state, requests, what it was told to show. */
export class FakeHostBridge implements HostBridge {
  open = true;
  closeRequests = 0;
  openRequests = 0;
  launcher: LauncherLabels | null = null;
  titles: string[] = [];
  events: { name: string; detail?: unknown }[] = [];
  bubbles: number[] = [];
  cards: number[] = [];
  saved: [string, string | null][] = [];
  private listeners = new Set<(open: boolean) => void>();
  private callListeners = new Set<(call: SiteCall) => void>();
  private pageListeners = new Set<(page: HostPage) => void>();
  private cardListeners = new Set<() => void>();
  private hiddenListeners = new Set<(hidden: boolean) => void>();
  hidden = false;

  isOpen = () => this.open;
  onOpenChange = (listener: (open: boolean) => void) => this.listen(this.listeners, listener);
  hello = async (): Promise<HostHello | null> => null;
  onCall = (listener: (call: SiteCall) => void) => this.listen(this.callListeners, listener);
  onPage = (listener: (page: HostPage) => void) => this.listen(this.pageListeners, listener);
  isHidden = () => this.hidden;
  onHiddenChange = (listener: (hidden: boolean) => void) => this.listen(this.hiddenListeners, listener);
  saveOnHost = (key: string, value: string | null) => void this.saved.push([key, value]);
  requestOpen = () => void this.openRequests++;
  requestClose = () => void this.closeRequests++;
  setLauncher = (labels: LauncherLabels) => void (this.launcher = labels);
  setPageTitle = (title: string) => void this.titles.push(title);
  emit = (name: string, detail?: unknown) => void this.events.push({ name, detail });
  showCard = (height: number) => void this.cards.push(height);
  onCardShown = (listener: () => void) => this.listen(this.cardListeners, listener);
  showBubble = (height: number) => void this.bubbles.push(height);

  /** The unread count the launcher's badge shows. */
  get badge(): string {
    return this.launcher?.badge ?? '';
  }

  setOpen(open: boolean): void {
    this.open = open;
    for (const listener of this.listeners) listener(open);
  }

  /** `Parley('hide')` or `Parley('show')`, which the loader has carried out. */
  setHidden(hidden: boolean): void {
    this.hidden = hidden;
    for (const listener of this.hiddenListeners) listener(hidden);
  }

  call(...call: SiteCall): void {
    for (const listener of this.callListeners) listener(call);
  }

  navigate(page: HostPage): void {
    for (const listener of this.pageListeners) listener(page);
  }

  /** The loader has put the card or bubble on screen. */
  cardOnScreen(): void {
    for (const listener of this.cardListeners) listener();
  }

  private listen<T>(set: Set<T>, listener: T): () => void {
    set.add(listener);
    return () => void set.delete(listener);
  }
}
