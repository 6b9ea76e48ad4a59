import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n.ts';

/** "45s", "2m 10s", "1h 5m", "3d 4h": precise while short, coarse once it no longer matters. */
export function formatDuration(ms: number): string {
  const sec = Math.max(0, Math.floor(ms / 1000));
  if (sec < 60) return t('{s}s', { s: sec });
  const min = Math.floor(sec / 60);
  if (min < 60) return t('{m}m {s}s', { m: min, s: sec % 60 });
  const hours = Math.floor(min / 60);
  if (hours < 24) return t('{h}h {m}m', { h: hours, m: min % 60 });
  return t('{d}d {h}h', { d: Math.floor(hours / 24), h: hours % 24 });
}

/** The current time, re-rendering the caller every `intervalMs`. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
