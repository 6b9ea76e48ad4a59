import { useEffect, useId, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { t } from '../i18n.ts';

/**
 * A uPlot chart that fills its box's width. It is made again when `options` or `data` change
 * (a new range or filter), and resized, not rebuilt, when the box's width changes.
 *
 * With `onPick` its buckets open by pointer or keyboard: the chart takes focus, the arrow keys
 * (Home, End) move the cursor from bucket to bucket, as the pointer would, and Enter or Space
 * picks the one under it. The slider's value is the bucket in the legend's words, which a
 * screen reader speaks as it moves; the legend shows the same while the chart has focus.
 */
export function UPlotChart(props: {
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height: number;
  label: string;
  /** A click on the plot, or Enter on it: the index of the x value under the cursor (a bucket of a series). */
  onPick?: (idx: number) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [chosen, setChosen] = useState<{ idx: number; text: string } | null>(null);
  const hintId = useId();
  useEffect(() => {
    const el = box.current!;
    const chart = new uPlot({ ...props.options, width: Math.max(el.clientWidth, 200), height: props.height }, props.data, el);
    plot.current = chart;
    setChosen(null);
    const resize = new ResizeObserver(() => {
      const width = Math.max(el.clientWidth, 200);
      if (width !== chart.width) chart.setSize({ width, height: props.height });
    });
    resize.observe(el);
    const pick = () => {
      const idx = chart.cursor.idx;
      if (idx !== null && idx !== undefined) props.onPick?.(idx);
    };
    if (props.onPick) {
      chart.over.addEventListener('click', pick);
      chart.over.style.cursor = 'pointer';
    }
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [props.options, props.data, props.height, props.onPick]);

  const buckets = props.data[0].length;
  /** Puts the cursor on a bucket, as the pointer would (the legend shows its values). */
  const choose = (idx: number) => {
    const chart = plot.current;
    if (!chart || buckets === 0) return;
    const at = Math.min(Math.max(idx, 0), buckets - 1);
    chart.setCursor({ left: chart.valToPos(chart.data[0][at]!, 'x'), top: chart.over.clientHeight / 2 });
    setChosen({ idx: at, text: describeBucket(chart, at) });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const idx = chosen?.idx ?? 0;
    const moves: Record<string, number> = { ArrowRight: idx + 1, ArrowUp: idx + 1, ArrowLeft: idx - 1, ArrowDown: idx - 1, Home: 0, End: buckets - 1 };
    if (event.key in moves) choose(moves[event.key]!);
    else if ((event.key === 'Enter' || event.key === ' ') && chosen) props.onPick?.(chosen.idx);
    else return;
    event.preventDefault();
  };

  if (!props.onPick) return <div ref={box} class="chart" role="img" aria-label={props.label} />;
  return (
    <>
      <div
        ref={box}
        class="chart chart-pickable"
        tabIndex={0}
        role="slider"
        aria-label={props.label}
        aria-describedby={hintId}
        aria-valuemin={0}
        aria-valuemax={Math.max(buckets - 1, 0)}
        aria-valuenow={chosen?.idx ?? 0}
        aria-valuetext={chosen?.text}
        onKeyDown={onKeyDown}
        onFocus={() => choose(chosen?.idx ?? 0)}
        onBlur={() => plot.current?.setCursor({ left: -10, top: -10 })}
      />
      <p id={hintId} class="chart-keys-hint">
        {t('The arrow keys choose a bucket; Enter shows its chats.')}
      </p>
    </>
  );
}

/** A bucket as the legend shows it: "Mon, Mar 23, 2026 · Live chats: 12 · Offline messages: 2". */
function describeBucket(chart: uPlot, idx: number): string {
  return chart.series
    .map((series, i) => {
      // A gap is null, as uPlot hands it to the legend's formatters (its types say number).
      const raw = (chart.data[i]?.[idx] ?? null) as number;
      const text = typeof series.value === 'function' ? series.value(chart, raw, i, idx) : String(raw ?? '');
      return i === 0 ? String(text) : `${series.label}: ${text}`;
    })
    .join(' · ');
}
