/**
 * The Parley server's origin, taken from the script tag's own src: the site owner pastes one
 * tag and nothing else, so the tag itself says where the chat window lives.
 */
export function serverOriginOf(script: HTMLScriptElement | null, doc: Document): string | null {
  const tag = script ?? doc.querySelector<HTMLScriptElement>('script[src*="/widget.js"]');
  if (!tag?.src) return null;
  try {
    const url = new URL(tag.src, doc.baseURI);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}
