import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n.ts';
import { bucketLabels, chatVolumeChart, localDateTemplates, npsSplitChart } from './chart-options.ts';
import type { MetricsSeries } from './metrics-types.ts';

afterEach(() => setLanguage('en'));

// Only what the charts say is checked here; uPlot draws them in Chromium (test/dashboard.browser.test.ts).
const series = (bucket: MetricsSeries['bucket'], start: string) =>
  ({
    bucket,
    tz: 'Europe/Sofia',
    points: [{ start, end: start, metrics: { chats: { byChannel: { widget: 1, offline: 0 } }, nps: { promoters: 1, passives: 0, detractors: 0 } } }],
  }) as unknown as MetricsSeries;

describe('chart words', () => {
  it('names buckets in English as before', () => {
    expect(bucketLabels(series('day', '2026-03-22T22:00:00.000Z'))).toEqual(['Mon, Mar 23, 2026']);
    expect(bucketLabels(series('week', '2026-03-22T22:00:00.000Z'))).toEqual(['Week of Mar 23, 2026']);
    expect(bucketLabels(series('month', '2026-02-28T22:00:00.000Z'))).toEqual(['March 2026']);
    expect(localDateTemplates('en')).toBeUndefined();
  });

  it('names buckets and legends in Russian and Bulgarian', () => {
    setLanguage('ru');
    expect(bucketLabels(series('week', '2026-03-22T22:00:00.000Z'))).toEqual(['Неделя с 23 мар. 2026 г.']);
    expect(bucketLabels(series('month', '2026-02-28T22:00:00.000Z'))).toEqual(['март 2026 г.']);
    expect(chatVolumeChart(series('day', '2026-03-22T22:00:00.000Z')).options.series.map((s) => s.label)).toEqual([
      'Время',
      'Живые чаты',
      'Офлайн-сообщения',
    ]);
    setLanguage('bg');
    expect(bucketLabels(series('day', '2026-03-22T22:00:00.000Z'))).toEqual(['пн, 23.03.2026 г.']);
    expect(npsSplitChart(series('day', '2026-03-22T22:00:00.000Z')).options.series.map((s) => s.label)).toEqual([
      'Време',
      'Поддръжници',
      'Неутрални',
      'Критици',
    ]);
  });

  it('writes the time axis as day.month on a 24-hour clock, with month names of the language', () => {
    const at = new Date(2026, 2, 23, 14, 5);
    const ru = localDateTemplates('ru')!;
    expect(ru('{MMM}')(at)).toBe('март');
    expect(ru('{M}/{D}')(at)).toBe('23.03');
    expect(ru('{h}{aa}')(at)).toBe('14:00');
    expect(ru('{h}:{mm}{aa}')(at)).toBe('14:05');
    expect(ru('\n{M}/{D}/{YY}')(at)).toBe('\n23.03.26');
    // Bulgarian's short month is a number ("03"): the axis names the month in full.
    expect(localDateTemplates('bg')!('{MMM}')(at)).toBe('март');
  });
});
