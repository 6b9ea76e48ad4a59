import { language, t, type Language } from '../i18n.ts';

// How the dashboard writes numbers: durations as "1m 20s", rates as percentages, counts with
// thousands separators, in the console's language. English is always written en-US, so a number
// reads the same on every screen and in tests; Russian and Bulgarian by their own rules
// ("1 498", "11,7 %", "1 мин 20 с").

export const MISSING = '—';

/** The locale of the dashboard's numbers and dates for a console language. */
export function localeOf(lang: Language = language()): string {
  return lang === 'en' ? 'en-US' : lang;
}

const formats = new Map<string, Intl.NumberFormat>();

function cached(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let f = formats.get(key);
  if (!f) {
    f = make();
    formats.set(key, f);
  }
  return f;
}

function decimals(digits: number): Intl.NumberFormat {
  const locale = localeOf();
  return cached(`${locale}|${digits}`, () => new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }));
}

function percent(digits: number): Intl.NumberFormat {
  const locale = localeOf();
  return cached(`${locale}|%${digits}`, () =>
    new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }),
  );
}

export function formatCount(n: number | null): string {
  return n === null ? MISSING : decimals(0).format(n);
}

export function formatDecimal(n: number | null, digits = 2): string {
  return n === null ? MISSING : decimals(digits).format(n);
}

/** A fraction in [0, 1] as a percentage: 0.1168 → "11.7%" ("11,7 %" in Russian). */
export function formatRate(fraction: number | null): string {
  return fraction === null ? MISSING : percent(1).format(fraction);
}

/** A fraction as a whole percentage, for chart axes: 0.5 → "50%". */
export function formatWholePercent(fraction: number): string {
  return percent(0).format(fraction);
}

/** An NPS score (−100…100) with its sign: 36.585 → "+36.6". */
export function formatNps(score: number | null): string {
  if (score === null) return MISSING;
  const text = decimals(1).format(score);
  return score > 0 && Math.round(score * 10) !== 0 ? `+${text}` : text;
}

/** A number stays on the line of its unit: "1 мин 20 с" wraps, if at all, only between the two. */
const glueUnits = (text: string) => (language() === 'en' ? text : text.replace(/(\d) (?=[^\d\s])/gu, '$1\u00a0'));

/** One or two units of a duration, in the console's words ("1m 20s", "1 мин 20 с"). */
function units(big: 'd' | 'h' | 'm' | 's', bigValue: string | number, small?: 'h' | 'm' | 's', smallValue?: number): string {
  return glueUnits(unitsText(big, bigValue, small, smallValue));
}

function unitsText(big: 'd' | 'h' | 'm' | 's', bigValue: string | number, small?: 'h' | 'm' | 's', smallValue?: number): string {
  if (small === undefined) {
    if (big === 'd') return t('{d}d', { d: bigValue });
    if (big === 'h') return t('{h}h', { h: bigValue });
    if (big === 'm') return t('{m}m', { m: bigValue });
    return t('{s}s', { s: bigValue });
  }
  if (big === 'd') return t('{d}d {h}h', { d: bigValue, h: smallValue! });
  if (big === 'h') return t('{h}h {m}m', { h: bigValue, m: smallValue! });
  return t('{m}m {s}s', { m: bigValue, s: smallValue! });
}

/**
 * Seconds as the two largest units: 4.2 → "4.2s", 80 → "1m 20s", 7542 → "2h 6m", 93784 → "1d 2h".
 * Under ten seconds keeps a decimal: a median first response of 3.4 s is not "3s".
 */
export function formatDuration(sec: number | null): string {
  if (sec === null) return MISSING;
  if (sec < 10) {
    const tenths = Math.round(sec * 10);
    return units('s', tenths % 10 === 0 ? formatCount(tenths / 10) : decimals(1).format(tenths / 10));
  }
  const whole = Math.round(sec);
  if (whole < 60) return units('s', whole);
  const sizes: ['d' | 'h' | 'm' | 's', number][] = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ];
  let first = sizes.findIndex(([, size]) => whole >= size);
  const roundedTo = (level: number) => {
    const step = sizes[level + 1]![1];
    return Math.round(whole / step) * step;
  };
  let rounded = roundedTo(first);
  // Rounding to the smaller unit can carry into a bigger one: 86,399 s is "1d", never "24h".
  if (first > 0 && rounded >= sizes[first - 1]![1]) rounded = roundedTo(--first);
  const [bigName, bigSize] = sizes[first]!;
  const [smallName, smallSize] = sizes[first + 1]!;
  const big = Math.floor(rounded / bigSize);
  const small = Math.round((rounded - big * bigSize) / smallSize);
  return small === 0 ? units(bigName, big) : units(bigName, big, smallName as 'h' | 'm' | 's', small);
}

/** Hours of online time: 2308932.64 s → "641.4 h". */
export function formatHours(sec: number | null): string {
  return sec === null ? MISSING : glueUnits(t('{hours} h', { hours: decimals(1).format(sec / 3600) }));
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
    if (previous === 0) return current === 0 ? { text: percent(0).format(0), direction: 0 } : { text: t('new'), direction: 1 };
    const pct = (delta / Math.abs(previous)) * 100;
    if (Math.round(Math.abs(pct) * 10) === 0) return { text: percent(0).format(0), direction: 0 };
    return { text: sign(percent(1).format(Math.abs(pct) / 100), pct), direction: pct > 0 ? 1 : -1 };
  }
  const amount = kind === 'points' ? delta * 100 : delta;
  const shown = kind === 'points' ? 1 : digits;
  if (Math.round(Math.abs(amount) * 10 ** shown) === 0) {
    return { text: kind === 'points' ? t('{value} pp', { value: 0 }) : '0', direction: 0 };
  }
  const text = decimals(shown).format(Math.abs(amount));
  return { text: sign(kind === 'points' ? t('{value} pp', { value: text }) : text, amount), direction: amount > 0 ? 1 : -1 };
}
