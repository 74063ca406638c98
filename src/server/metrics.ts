/**
 * Prometheus metrics in the text exposition format, hand-written: counters and histograms with
 * labels. The app records request counts and latency; route modules may add their own.
 */

type Labels = Record<string, string>;

export interface Counter {
  inc(labels?: Labels, by?: number): void;
}

export interface Histogram {
  observe(value: number, labels?: Labels): void;
}

export interface Gauge {
  set(value: number, labels?: Labels): void;
}

export interface MetricsRegistry {
  counter(name: string, help: string): Counter;
  histogram(name: string, help: string, buckets?: readonly number[]): Histogram;
  gauge(name: string, help: string): Gauge;
  /** The exposition text (`text/plain; version=0.0.4`). */
  render(): string;
}

/** Latency buckets in seconds, from 1 ms to 10 s. */
export const LATENCY_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
] as const;

const escapeLabel = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function toLabelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (extra) pairs.push(extra);
  return pairs.length === 0 ? '' : `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
}

const keyOf = (labels: Labels): string =>
  JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

interface HistogramSeries {
  labels: Labels;
  counts: number[];
  sum: number;
  count: number;
}

/**
 * Creates an empty registry.
 *
 * @example const m = createMetrics(); m.counter('reeflow_events_total', 'events ingested').inc({ kind: 'assay' });
 */
export function createMetrics(): MetricsRegistry {
  const sections: (() => string)[] = [];
  const names = new Set<string>();
  const claim = (name: string): void => {
    if (names.has(name)) throw new Error(`metric '${name}' is registered twice`);
    names.add(name);
  };
  const simple = (
    name: string,
    help: string,
    type: 'counter' | 'gauge',
  ): Map<string, { labels: Labels; value: number }> => {
    claim(name);
    const series = new Map<string, { labels: Labels; value: number }>();
    sections.push(() =>
      [
        `# HELP ${name} ${help}`,
        `# TYPE ${name} ${type}`,
        ...[...series.values()].map((s) => `${name}${toLabelText(s.labels)} ${s.value}`),
      ].join('\n'),
    );
    return series;
  };
  return {
    counter(name, help) {
      const series = simple(name, help, 'counter');
      return {
        inc(labels = {}, by = 1) {
          const key = keyOf(labels);
          const entry = series.get(key) ?? { labels, value: 0 };
          entry.value += by;
          series.set(key, entry);
        },
      };
    },
    gauge(name, help) {
      const series = simple(name, help, 'gauge');
      return { set: (value, labels = {}) => void series.set(keyOf(labels), { labels, value }) };
    },
    histogram(name, help, buckets = LATENCY_BUCKETS) {
      claim(name);
      const series = new Map<string, HistogramSeries>();
      sections.push(() => {
        const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
        for (const s of series.values()) {
          let cumulative = 0;
          buckets.forEach((bound, i) => {
            cumulative += s.counts[i] ?? 0;
            lines.push(`${name}_bucket${toLabelText(s.labels, ['le', String(bound)])} ${cumulative}`);
          });
          lines.push(`${name}_bucket${toLabelText(s.labels, ['le', '+Inf'])} ${s.count}`);
          lines.push(
            `${name}_sum${toLabelText(s.labels)} ${s.sum}`,
            `${name}_count${toLabelText(s.labels)} ${s.count}`,
          );
        }
        return lines.join('\n');
      });
      return {
        observe(value, labels = {}) {
          const key = keyOf(labels);
          const s = series.get(key) ?? { labels, counts: buckets.map(() => 0), sum: 0, count: 0 };
          const i = buckets.findIndex((bound) => value <= bound);
          if (i >= 0) s.counts[i] = (s.counts[i] ?? 0) + 1;
          s.sum += value;
          s.count += 1;
          series.set(key, s);
        },
      };
    },
    render: () => `${sections.map((render) => render()).join('\n')}\n`,
  };
}
