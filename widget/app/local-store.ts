/**
 * localStorage of the iframe's origin, tolerant of browsers that block third-party storage:
 * then values live for the page's lifetime only, and the chat still works.
 */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export function browserStore(): KeyValueStore {
  const memory = new Map<string, string>();
  let storage: Storage | null = null;
  try {
    storage = window.localStorage;
    storage.getItem('parley.probe');
  } catch {
    storage = null;
  }
  return {
    get(key) {
      try {
        return storage ? storage.getItem(key) : memory.get(key) ?? null;
      } catch {
        return memory.get(key) ?? null;
      }
    },
    set(key, value) {
      memory.set(key, value);
      try {
        storage?.setItem(key, value);
      } catch {
        // Quota or privacy mode: the in-memory copy keeps this page working.
      }
    },
    remove(key) {
      memory.delete(key);
      try {
        storage?.removeItem(key);
      } catch {
        // See set().
      }
    },
  };
}

export function memoryStore(): KeyValueStore {
  const memory = new Map<string, string>();
  return {
    get: (key) => memory.get(key) ?? null,
    set: (key, value) => void memory.set(key, value),
    remove: (key) => void memory.delete(key),
  };
}
