// localStorage can be missing or throw (privacy modes, quota): the console then simply
// forgets drafts and read marks at reload instead of failing.

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function readText(key: string): string | null {
  try {
    return storage()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function writeText(key: string, value: string): void {
  try {
    storage()?.setItem(key, value);
  } catch {
    // Quota exceeded: keep working without remembering.
  }
}

export function forget(key: string): void {
  try {
    storage()?.removeItem(key);
  } catch {
    // Nothing to forget when storage is unusable.
  }
}

export function readJson<T>(key: string, isValid: (v: unknown) => v is T): T | null {
  const raw = readText(key);
  if (raw === null) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return isValid(value) ? value : null;
  } catch {
    return null;
  }
}

export function writeJson(key: string, value: unknown): void {
  writeText(key, JSON.stringify(value));
}
