/** Random ids for messages and records; works in browsers outside secure contexts too. */
export function newId(prefix = ''): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return prefix + hex;
}
