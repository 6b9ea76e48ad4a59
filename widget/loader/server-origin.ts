/**
 * The Parley server's origin, taken from the script tag's own src: the site owner pastes one
 * tag and nothing else, so the tag itself says where the chat window lives.
 */
export function serverOriginOf(script: HTMLScriptElement | null, doc: Document): string | null {
  const tag = script ?? doc.querySelector<HTMLScriptElement>('script[src*="/widget.js"]');
  if (!tag?.src) return null;
  // `src` is already absolute; a data: or blob: script has no server behind it.
  const origin = new URL(tag.src).origin;
  return /^https?:/.test(origin) ? origin : null;
}
