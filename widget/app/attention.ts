import type { KeyValueStore } from './local-store.ts';

export const MUTED_KEY = 'parley.muted';
/** The page title switches this often while it flashes. */
export const TITLE_FLASH_MS = 1000;

export interface AttentionDeps {
  store: KeyValueStore;
  /** Sets the host page's title. */
  setTitle(title: string): void;
  /** The host page's own title, as it last reported it. */
  pageTitle(): string;
  /** "(2) New message", in the visitor's language. */
  flashText(unseen: number): string;
  doc?: Document;
  playChime?: () => void;
}

/**
 * Gets the visitor back when an agent writes while they look elsewhere: a chime (unless they
 * muted it) and, while the tab is hidden, a page title that flashes until they come back.
 */
export class Attention {
  private unseen = 0;
  private flashing: ReturnType<typeof setInterval> | undefined;
  private showingFlash = false;
  private listeners = new Set<(muted: boolean) => void>();
  private doc: Document;
  muted: boolean;

  constructor(private deps: AttentionDeps) {
    this.doc = deps.doc ?? document;
    this.muted = deps.store.get(MUTED_KEY) === '1';
    this.doc.addEventListener('visibilitychange', () => {
      if (this.doc.visibilityState === 'visible') this.stopFlashing();
    });
  }

  onMutedChange(listener: (muted: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    if (muted) this.deps.store.set(MUTED_KEY, '1');
    else this.deps.store.remove(MUTED_KEY);
    for (const listener of this.listeners) listener(muted);
  }

  /** Agent messages arrived that the visitor has not seen. */
  agentWrote(count: number): void {
    if (!this.muted) (this.deps.playChime ?? playChime)();
    if (this.doc.visibilityState !== 'hidden') return;
    this.unseen += count;
    if (this.flashing) return;
    const flip = () => {
      this.showingFlash = !this.showingFlash;
      this.deps.setTitle(this.showingFlash ? this.deps.flashText(this.unseen) : this.deps.pageTitle());
    };
    flip();
    this.flashing = setInterval(flip, TITLE_FLASH_MS);
  }

  stopFlashing(): void {
    this.unseen = 0;
    if (!this.flashing) return;
    clearInterval(this.flashing);
    this.flashing = undefined;
    if (this.showingFlash) this.deps.setTitle(this.deps.pageTitle());
    this.showingFlash = false;
  }
}

/**
 * The chime, fetched the first time it plays: nobody needs it before their first message, so it
 * is no part of the window's first load.
 */
function playChime(): void {
  import('./chime.ts').then(
    (chime) => chime.playChime(),
    // Not fetched: no chime this time, as where there is no Web Audio.
    () => {},
  );
}

/** Each agent message that arrives unread calls for attention; reading them stops the flashing. */
export function followUnread(
  session: { state: { unread: number }; subscribe(listener: (state: { unread: number }) => void): () => void },
  attention: Attention,
): () => void {
  let unread = session.state.unread;
  return session.subscribe((state) => {
    if (state.unread > unread) attention.agentWrote(state.unread - unread);
    else if (state.unread === 0) attention.stopFlashing();
    unread = state.unread;
  });
}
