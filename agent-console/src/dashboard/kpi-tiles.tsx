import { t } from '../i18n.ts';
import { describeChange } from './format.ts';
import { withElement } from './with-element.tsx';
import { useDrill } from './drill.ts';
import { headlineKpis, type Kpi } from './kpis.ts';
import type { Metrics } from './metrics-types.ts';
import type { Loaded } from './use-request.ts';

/**
 * The headline numbers of the range, each with the previous period's value and the change. A
 * figure the previous period does not have is not compared; a previous period without chats is
 * said once for the row rather than by a dash on every tile.
 */
export function KpiTiles(props: { current: Loaded<Metrics>; previous: Loaded<Metrics>; comparedWith: string }) {
  const { current, previous } = props;
  if (current.error) return <p class="dash-error" role="alert">{current.error}</p>;
  return (
    <>
      {previous.data?.chats.total === 0 && (
        <p class="panel-note kpi-note">{t('No chats in {period}: nothing to compare with.', { period: props.comparedWith })}</p>
      )}
      <section class="kpi-grid" aria-label={t('Headline numbers')} aria-busy={current.loading}>
        {headlineKpis.map((kpi) => (
          <KpiTile
            key={kpi.id}
            kpi={kpi}
            current={current.data}
            previous={previous.data}
            previousFailed={!!previous.error}
            stale={current.loading}
            comparedWith={props.comparedWith}
          />
        ))}
      </section>
    </>
  );
}

function KpiTile(props: {
  kpi: Kpi;
  current: Metrics | null;
  previous: Metrics | null;
  previousFailed: boolean;
  stale: boolean;
  comparedWith: string;
}) {
  const { kpi, current, previous } = props;
  const drill = useDrill();
  const labelId = `kpi-${kpi.id}`;
  if (!current) {
    return (
      <div class="kpi kpi-loading" role="group" aria-labelledby={labelId}>
        <h3 id={labelId} class="kpi-label">
          {t(kpi.label)}
        </h3>
        <p class="kpi-value">
          <span class="skeleton" />
        </p>
        <p class="kpi-detail">
          <span class="skeleton skeleton-short" />
        </p>
      </div>
    );
  }
  const value = kpi.value(current);
  const before = previous ? kpi.value(previous) : null;
  const change = describeChange(kpi.change, value, before);
  const tone =
    change.direction === null || change.direction === 0 || kpi.better === 'none'
      ? 'neutral'
      : (change.direction === 1) === (kpi.better === 'up')
        ? 'good'
        : 'bad';
  const arrow = change.direction === 1 ? '▲' : change.direction === -1 ? '▼' : '';
  return (
    <div class={`kpi${props.stale ? ' stale' : ''}`} role="group" aria-labelledby={labelId} title={t(kpi.meaning)}>
      <h3 id={labelId} class="kpi-label">
        {t(kpi.label)}
      </h3>
      <p class="kpi-value" data-kpi={kpi.id}>
        {kpi.drill ? (
          <button
            type="button"
            class="kpi-drill"
            aria-label={`${kpi.format(value)} ${t('Show the chats behind {figure}', { figure: t(kpi.label) })}`}
            onClick={() => drill({ key: kpi.drill! })}
          >
            {kpi.format(value)}
          </button>
        ) : (
          kpi.format(value)
        )}
      </p>
      <p class="kpi-detail">{kpi.detail(current)}</p>
      <p class="kpi-compare" title={t('Previous period: {period}', { period: props.comparedWith })}>
        {previous ? (
          // A figure the previous period does not have (no answers, no reviews) is not compared.
          before !== null && (
            <>
              {change.direction !== null && (
                <span class={`kpi-change ${tone}`}>
                  {arrow && <span aria-hidden="true">{arrow} </span>}
                  {change.text}{' '}
                </span>
              )}
              <span class="kpi-previous">
                {withElement(t('vs {value} before'), 'value', <span data-kpi-previous={kpi.id}>{kpi.format(before)}</span>)}
              </span>
            </>
          )
        ) : (
          <span class="kpi-previous">{props.previousFailed ? t('previous period unavailable') : t('comparing…')}</span>
        )}
      </p>
    </div>
  );
}
