import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n.ts';
import { describeChange, formatCount, formatDuration, formatHours, formatNps, formatRate, formatWholePercent } from './format.ts';

afterEach(() => setLanguage('en'));

describe('formatDuration', () => {
  it('writes the two largest units', () => {
    expect(formatDuration(80)).toBe('1m 20s');
    expect(formatDuration(76.353)).toBe('1m 16s');
    expect(formatDuration(556.762)).toBe('9m 17s');
    expect(formatDuration(7542.2)).toBe('2h 6m');
    expect(formatDuration(93_784)).toBe('1d 2h');
  });

  it('drops a zero second unit', () => {
    expect(formatDuration(300)).toBe('5m');
    expect(formatDuration(3600)).toBe('1h');
    expect(formatDuration(2 * 86_400)).toBe('2d');
  });

  it('keeps a decimal under ten seconds, whole seconds below a minute', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(3.44)).toBe('3.4s');
    expect(formatDuration(4)).toBe('4s');
    expect(formatDuration(40.16)).toBe('40s');
  });

  it('carries rounding into the bigger unit', () => {
    expect(formatDuration(59.6)).toBe('1m');
    expect(formatDuration(3599.6)).toBe('1h');
    expect(formatDuration(3599)).toBe('59m 59s');
    expect(formatDuration(86_399)).toBe('1d');
    expect(formatDuration(7199)).toBe('2h');
  });

  it('shows a dash for no value', () => {
    expect(formatDuration(null)).toBe('—');
  });
});

describe('numbers', () => {
  it('rates as percentages with one decimal', () => {
    expect(formatRate(0.11686143572621036)).toBe('11.7%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(null)).toBe('—');
  });

  it('counts with separators, hours of online time', () => {
    expect(formatCount(1498)).toBe('1,498');
    expect(formatHours(2_308_932.64)).toBe('641.4 h');
  });

  it('NPS with its sign', () => {
    expect(formatNps(36.58536585365854)).toBe('+36.6');
    expect(formatNps(-12)).toBe('-12.0');
    expect(formatNps(0)).toBe('0.0');
    expect(formatNps(null)).toBe('—');
  });
});

describe('describeChange', () => {
  it('tells counts and durations relatively', () => {
    expect(describeChange('relative', 1200, 1000)).toEqual({ text: '+20.0%', direction: 1 });
    expect(describeChange('relative', 750, 1000)).toEqual({ text: '−25.0%', direction: -1 });
    expect(describeChange('relative', 5, 0)).toEqual({ text: 'new', direction: 1 });
    expect(describeChange('relative', 0, 0)).toEqual({ text: '0%', direction: 0 });
  });

  it('tells rates in percentage points', () => {
    expect(describeChange('points', 0.8, 0.75)).toEqual({ text: '+5.0 pp', direction: 1 });
    expect(describeChange('points', 0.3, 0.31)).toEqual({ text: '−1.0 pp', direction: -1 });
    expect(describeChange('points', 0.5, 0.50001)).toEqual({ text: '0 pp', direction: 0 });
  });

  it('tells scores as a difference', () => {
    expect(describeChange('difference', 36.6, 30)).toEqual({ text: '+6.6', direction: 1 });
  });

  it('cannot tell a change from or to no value', () => {
    expect(describeChange('points', null, 0.5)).toEqual({ text: '—', direction: null });
    expect(describeChange('relative', 3, null)).toEqual({ text: '—', direction: null });
  });
});

describe('in the console language', () => {
  const nbsp = '\u00a0';

  it('writes Russian numbers, durations and changes', () => {
    setLanguage('ru');
    expect(formatCount(1498)).toBe(`1${nbsp}498`);
    expect(formatRate(0.11686143572621036)).toBe(`11,7${nbsp}%`);
    expect(formatWholePercent(0.5)).toBe(`50${nbsp}%`);
    expect(formatNps(36.58536585365854)).toBe('+36,6');
    expect(formatHours(2_308_932.64)).toBe(`641,4${nbsp}ч`);
    expect(formatDuration(80)).toBe(`1${nbsp}мин 20${nbsp}с`);
    expect(formatDuration(3.44)).toBe(`3,4${nbsp}с`);
    expect(formatDuration(4)).toBe(`4${nbsp}с`);
    expect(formatDuration(300)).toBe(`5${nbsp}мин`);
    expect(formatDuration(7542.2)).toBe(`2${nbsp}ч 6${nbsp}мин`);
    expect(formatDuration(93_784)).toBe(`1${nbsp}д 2${nbsp}ч`);
    expect(formatDuration(86_399)).toBe(`1${nbsp}д`);
    expect(formatDuration(null)).toBe('—');
    expect(describeChange('relative', 1200, 1000)).toEqual({ text: `+20,0${nbsp}%`, direction: 1 });
    expect(describeChange('relative', 5, 0)).toEqual({ text: 'с нуля', direction: 1 });
    expect(describeChange('points', 0.3, 0.31)).toEqual({ text: '−1,0 п. п.', direction: -1 });
    // A decimal comma is still a zero change.
    expect(describeChange('points', 0.5, 0.50001)).toEqual({ text: '0 п. п.', direction: 0 });
    expect(describeChange('difference', 0.4, 0.4001, 2)).toEqual({ text: '0', direction: 0 });
  });

  it('writes Bulgarian numbers and durations', () => {
    setLanguage('bg');
    expect(formatCount(1498)).toBe('1498');
    expect(formatCount(14_980)).toBe(`14${nbsp}980`);
    expect(formatRate(0.11686143572621036)).toBe('11,7%');
    expect(formatDuration(76.353)).toBe(`1${nbsp}мин 16${nbsp}с`);
    expect(formatDuration(3599)).toBe(`59${nbsp}мин 59${nbsp}с`);
    expect(describeChange('points', 0.8, 0.75)).toEqual({ text: '+5,0 п.п.', direction: 1 });
  });

  it('goes back to English as it was', () => {
    setLanguage('ru');
    formatCount(1);
    setLanguage('en');
    expect(formatCount(1498)).toBe('1,498');
    expect(formatDuration(80)).toBe('1m 20s');
    expect(formatRate(1)).toBe('100.0%');
  });
});
