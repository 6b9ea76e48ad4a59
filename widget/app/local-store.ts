/** Where the chat window keeps the visitor's token and unsent messages between page loads. */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

/** The iframe's localStorage, or null when the browser blocks storage in third-party frames. */
export function frameStorage(win: Window = window): Storage | null {
  try {
    const storage = win.localStorage;
    storage.getItem('parley.visitorToken');
    return storage;
  } catch {
    return null;
  }
}

export function storageStore(storage: Storage): KeyValueStore {
  return {
    get: (key) => storage.getItem(key),
    set(key, value) {
      try {
        storage.setItem(key, value);
      } catch {
        // Over quota: this value is not kept past the page, and the chat goes on.
      }
    },
    remove: (key) => storage.removeItem(key),
  };
}

/**
 * Values kept in memory and copied to somewhere else by `persist` (the host page, through the
 * loader, when the frame may not store anything itself).
 */
export function mirroredStore(
  initial: Record<string, string> = {},
  persist: (key: string, value: string | null) => void = () => {},
): KeyValueStore {
  const memory = new Map(Object.entries(initial));
  return {
    get: (key) => memory.get(key) ?? null,
    set(key, value) {
      memory.set(key, value);
      persist(key, value);
    },
    remove(key) {
      memory.delete(key);
      persist(key, null);
    },
  };
}

export const memoryStore = (): KeyValueStore => mirroredStore();
