import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * A uPlot chart that fills its box's width. It is made again when `options` or `data` change
 * (a new range or filter), and resized, not rebuilt, when the box's width changes.
 */
export function UPlotChart(props: {
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height: number;
  label: string;
  /** A click on the plot: the index of the x value under the cursor (a bucket of a series). */
  onPick?: (idx: number) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current!;
    const chart = new uPlot({ ...props.options, width: Math.max(el.clientWidth, 200), height: props.height }, props.data, el);
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
    };
  }, [props.options, props.data, props.height, props.onPick]);
  return <div ref={box} class="chart" role="img" aria-label={props.label} />;
}
