import type { HostBridge } from '../host-bridge.ts';

/** The loader's side, as the chat window sees it: open state, close requests, unread reports. */
export class FakeHostBridge implements HostBridge {
  open = true;
  closeRequests = 0;
  unreadReports: number[] = [];
  private listeners = new Set<(open: boolean) => void>();

  isOpen = () => this.open;
  onOpenChange = (listener: (open: boolean) => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  saved: [string, string | null][] = [];
  hello = async () => null;
  saveOnHost = (key: string, value: string | null) => void this.saved.push([key, value]);
  requestClose = () => void this.closeRequests++;
  reportUnread = (count: number) => void this.unreadReports.push(count);

  setOpen(open: boolean): void {
    this.open = open;
    for (const listener of this.listeners) listener(open);
  }
}
