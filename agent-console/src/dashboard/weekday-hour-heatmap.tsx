import { useMemo } from 'preact/hooks';
import { t, tn } from '../i18n.ts';
import { Panel } from './chart-panels.tsx';
import { formatCount } from './format.ts';
import type { MetricsSeries } from './metrics-types.ts';
import type { Loaded } from './use-request.ts';
import { weekdayHourBuckets, weekdayHourCounts, weekdayLabels } from './weekday-hours.ts';
import { useDrill } from './drill.ts';

const hours = Array.from({ length: 24 }, (_, h) => h);
const hh = (h: number) => String(h).padStart(2, '0');

/** Chats per local weekday and hour of day: when visitors come, to plan who is online. */
export function WeekdayHourHeatmap(props: { series: Loaded<MetricsSeries>; tz: string; tooLong: string | null }) {
  const { series } = props;
  const grid = useMemo(() => (series.data ? weekdayHourCounts(series.data.points, series.data.tz) : null), [series.data]);
  const max = grid ? Math.max(0, ...grid.flat()) : 0;
  const days = weekdayLabels();
  const drill = useDrill();
  return (
    <Panel
      title="Chats by weekday and hour"
      wide
      loading={series.loading}
      error={series.error}
      hasData={!!grid || !!props.tooLong}
      empty={props.tooLong ?? (grid && max === 0 ? t('No chats in this range.') : null)}
      aside={<span class="muted">{t('Hours in {tz}', { tz: props.tz })}</span>}
    >
      {grid && (
        <table class="heatmap">
          <caption class="visually-hidden">{t('Chats started per weekday and hour, {tz}', { tz: props.tz })}</caption>
          <thead>
            <tr>
              <td />
              {hours.map((h) => (
                <th key={h} scope="col">
                  {hh(h)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.map((row, d) => (
              <tr key={d}>
                <th scope="row">{days[d]}</th>
                {row.map((count, h) => {
                  const share = max ? count / max : 0;
                  return (
                    <td
                      key={h}
                      title={tn('one: {day} {hours} · {count} chat | other: {day} {hours} · {count} chats', count, {
                        day: days[d]!,
                        hours: `${hh(h)}:00–${hh((h + 1) % 24)}:00`,
                        count: formatCount(count),
                      })}
                      class={share > 0.55 ? 'hot' : undefined}
                      style={count ? { background: `rgba(36, 87, 214, ${(0.08 + 0.92 * share).toFixed(3)})` } : undefined}
                    >
                      {count ? (
                        <button
                          type="button"
                          class="heatmap-drill"
                          aria-label={tn('one: {day} {hours} · {count} chat | other: {day} {hours} · {count} chats', count, {
                            day: days[d]!,
                            hours: `${hh(h)}:00–${hh((h + 1) % 24)}:00`,
                            count: formatCount(count),
                          })}
                          onClick={() => drill({ key: 'chats.total', buckets: weekdayHourBuckets(series.data!.points, series.data!.tz, d, h) })}
                        >
                          {count}
                        </button>
                      ) : (
                        ''
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
