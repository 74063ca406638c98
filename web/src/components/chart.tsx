/**
 * One ECharts canvas: created on mount, given a new option on every change, resized with its box,
 * disposed on unmount. Each chart is registered under its name on `window.reeflowCharts` so the
 * browser tests (and a curious user's console) can read the data it draws. Under each chart, PNG
 * and SVG buttons download it: PNG from the live canvas, SVG from the same option drawn once by an
 * offscreen SVG instance (`window.reeflowChartSvg(name)` returns that string for the tests).
 */
import { useEffect, useRef } from 'react';
import {
  exportButtonLabel,
  exportFileName,
  dataUrlBlob,
  svgExportOption,
  type ChartExportFormat,
} from '../lib/chart-export.js';
import { echarts, type EChartsCoreOption } from './echarts.js';

declare global {
  interface Window {
    reeflowCharts?: Record<string, echarts.EChartsType>;
    reeflowChartSvg?: (name: string) => string | undefined;
  }
}

const svgSources = new Map<string, () => string>();
if (typeof window !== 'undefined') window.reeflowChartSvg = (name) => svgSources.get(name)?.();

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

  /** The chart as an SVG document: its option drawn once, without animation, then disposed. */
  const toSvg = (): string => {
    const live = chart.current;
    const offscreen = echarts.init(null, undefined, {
      renderer: 'svg',
      ssr: true,
      width: live?.getWidth() || 960,
      height: live?.getHeight() || 480,
    });
    try {
      offscreen.setOption(svgExportOption(option, label, background(box.current)));
      return offscreen.renderToSVGString();
    } finally {
      offscreen.dispose();
    }
  };
  const toSvgRef = useRef(toSvg);
  toSvgRef.current = toSvg;

  const download = (format: ChartExportFormat) => {
    const live = chart.current;
    if (!live) return;
    const blob =
      format === 'png'
        ? dataUrlBlob(
            live.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: background(box.current) }),
          )
        : new Blob([toSvg()], { type: 'image/svg+xml' });
    // A blob URL, not a data: URL: a large map's PNG can pass what a browser accepts in a link.
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = exportFileName(name, format);
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  useEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) =>
      clickRef.current?.(params as { name?: string; data?: unknown; seriesName?: string }),
    );
    window.reeflowCharts = { ...window.reeflowCharts, [name]: instance };
    const svgSource = () => toSvgRef.current();
    svgSources.set(name, svgSource);
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
      if (svgSources.get(name) === svgSource) svgSources.delete(name);
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
    <div className="chart-frame">
      <div ref={box} className="chart" data-chart={name} role="img" aria-label={label} style={{ height }} />
      <div className="chart-export" style={{ display: 'flex', justifyContent: 'flex-end', gap: '0.3rem' }}>
        {(['png', 'svg'] as const).map((format) => (
          <button
            key={format}
            type="button"
            className="small"
            aria-label={exportButtonLabel(label, format)}
            title={exportButtonLabel(label, format)}
            onClick={() => download(format)}
          >
            {format.toUpperCase()}
          </button>
        ))}
      </div>
    </div>
  );
}

/** The chart box's own background (the panel colour), so exports are never transparent. */
function background(element: HTMLElement | null): string {
  const colour = element ? getComputedStyle(element).backgroundColor : '';
  return colour && colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent' ? colour : '#ffffff';
}

function hasData(option: EChartsCoreOption): boolean {
  const series = (option as { series?: { data?: unknown[] }[] }).series ?? [];
  return series.some((s) => Array.isArray(s.data) && s.data.length > 0);
}
