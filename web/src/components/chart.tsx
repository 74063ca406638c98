/**
 * One ECharts canvas: created on mount, given a new option on every change, resized with its box,
 * disposed on unmount. Each chart is registered under its name on `window.reeflowCharts` so the
 * browser tests (and a curious user's console) can read the data it draws.
 */
import { useEffect, useRef } from 'react';
import { echarts, type EChartsCoreOption } from './echarts.js';

declare global {
  interface Window {
    reeflowCharts?: Record<string, echarts.EChartsType>;
  }
}

export interface ChartProps {
  /** Registry key and test id, e.g. `map`, `sankey`, `costs`. */
  name: string;
  option: EChartsCoreOption;
  /** What the chart shows, for screen readers. */
  label: string;
  height?: number | string;
  onClick?: (params: { name?: string; data?: unknown; seriesName?: string }) => void;
}

export function Chart({ name, option, label, height = 480, onClick }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.EChartsType | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) =>
      clickRef.current?.(params as { name?: string; data?: unknown; seriesName?: string }),
    );
    window.reeflowCharts = { ...window.reeflowCharts, [name]: instance };
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
      if (window.reeflowCharts?.[name] === instance) {
        const { [name]: _gone, ...rest } = window.reeflowCharts;
        window.reeflowCharts = rest;
      }
    };
  }, [name]);

  useEffect(() => {
    chart.current?.setOption(
      { aria: { enabled: true, label: { description: label } }, ...option },
      { notMerge: true },
    );
    // The first time a chart draws data is its meaningful paint; the browser test reads these marks.
    const mark = `reeflow:chart:${name}`;
    if (hasData(option) && performance.getEntriesByName(mark).length === 0) performance.mark(mark);
  }, [option, label, name]);

  return (
    <div ref={box} className="chart" data-chart={name} role="img" aria-label={label} style={{ height }} />
  );
}

function hasData(option: EChartsCoreOption): boolean {
  const series = (option as { series?: { data?: unknown[] }[] }).series ?? [];
  return series.some((s) => Array.isArray(s.data) && s.data.length > 0);
}
