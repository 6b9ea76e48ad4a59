/**
 * Keeps `--viewport-height` at the height of the visual viewport: what is left above a phone's
 * on-screen keyboard. The console's shell takes that height on phones, so the reply box stays
 * in sight while typing (Safari does not resize the page for its keyboard).
 */
export function followVisualViewport(): void {
  const viewport = globalThis.visualViewport;
  if (!viewport) return;
  const fit = () => document.documentElement.style.setProperty('--viewport-height', `${Math.round(viewport.height)}px`);
  viewport.addEventListener('resize', fit);
  fit();
}
