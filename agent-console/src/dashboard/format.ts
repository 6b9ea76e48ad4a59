// How the dashboard writes numbers: durations as "1m 20s", rates as percentages, counts with
// thousands separators. One fixed locale, so a number reads the same on every screen and in tests.

const LOCALE = 'en-US';
export const MISSING = '—';

const countFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const decimalFormats = new Map<number, Intl.NumberFormat>();

function decimals(digits: number): Intl.NumberFormat {
  let f = decimalFormats.get(digits);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    decimalFormats.set(digits, f);
  }
  return f;
}

export function formatCount(n: number | null): string {
  return n === null ? MISSING : countFormat.format(n);
}

export function formatDecimal(n: number | null, digits = 2): string {
  return n === null ? MISSING : decimals(digits).format(n);
}

/** A fraction in [0, 1] as a percentage: 0.1168 → "11.7%". */
export function formatRate(fraction: number | null): string {
  return fraction === null ? MISSING : `${decimals(1).format(fraction * 100)}%`;
}

/** An NPS score (−100…100) with its sign: 36.585 → "+36.6". */
export function formatNps(score: number | null): string {
  if (score === null) return MISSING;
  const text = decimals(1).format(score);
  return score > 0 && text !== '0.0' ? `+${text}` : text;
}

/**
 * Seconds as the two largest units: 4.2 → "4.2s", 80 → "1m 20s", 7542 → "2h 6m", 93784 → "1d 2h".
 * Under ten seconds keeps a decimal: a median first response of 3.4 s is not "3s".
 */
export function formatDuration(sec: number | null): string {
  if (sec === null) return MISSING;
  if (sec < 10) {
    const text = decimals(1).format(sec).replace(/\.0$/, '');
    return `${text}s`;
  }
  const whole = Math.round(sec);
  if (whole < 60) return `${whole}s`;
  const units: [string, number][] = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ];
  let first = units.findIndex(([, size]) => whole >= size);
  const roundedTo = (level: number) => {
    const step = units[level + 1]![1];
    return Math.round(whole / step) * step;
  };
  let rounded = roundedTo(first);
  // Rounding to the smaller unit can carry into a bigger one: 86,399 s is "1d", never "24h".
  if (first > 0 && rounded >= units[first - 1]![1]) rounded = roundedTo(--first);
  const [bigName, bigSize] = units[first]!;
  const [smallName, smallSize] = units[first + 1]!;
  const big = Math.floor(rounded / bigSize);
  const small = Math.round((rounded - big * bigSize) / smallSize);
  return small === 0 ? `${big}${bigName}` : `${big}${bigName} ${small}${smallName}`;
}

/** Hours of online time: 2308932.64 s → "641.4 h". */
export function formatHours(sec: number | null): string {
  return sec === null ? MISSING : `${decimals(1).format(sec / 3600)} h`;
}

/**
 * How a KPI's change from the previous period is told: `relative` (counts and durations,
 * "+12.5%"), `points` (rates, "+3.1 pp": a change of a percentage is not a percentage),
 * `difference` (scores on their own scale, "+0.12" or "+5.0" for NPS).
 */
export type ChangeKind = 'relative' | 'points' | 'difference';

export interface Change {
  text: string;
  /** Sign of the change: 1 up, −1 down, 0 none; null when it can't be told. */
  direction: 1 | -1 | 0 | null;
}

export function describeChange(kind: ChangeKind, current: number | null, previous: number | null, digits = 1): Change {
  if (current === null || previous === null) return { text: MISSING, direction: null };
  const delta = current - previous;
  const sign = (s: string, d: number) => (d > 0 ? `+${s}` : d < 0 ? `−${s.replace('-', '')}` : s);
  if (kind === 'relative') {
    if (previous === 0) return current === 0 ? { text: '0%', direction: 0 } : { text: 'new', direction: 1 };
    const pct = (delta / Math.abs(previous)) * 100;
    const text = decimals(1).format(Math.abs(pct));
    if (text === '0.0') return { text: '0%', direction: 0 };
    return { text: `${sign(text, pct)}%`, direction: pct > 0 ? 1 : -1 };
  }
  const amount = kind === 'points' ? delta * 100 : delta;
  const text = decimals(kind === 'points' ? 1 : digits).format(Math.abs(amount));
  if (Number(text.replace(/,/g, '')) === 0) return { text: kind === 'points' ? '0 pp' : '0', direction: 0 };
  const unit = kind === 'points' ? ' pp' : '';
  return { text: `${sign(text, amount)}${unit}`, direction: amount > 0 ? 1 : -1 };
}
