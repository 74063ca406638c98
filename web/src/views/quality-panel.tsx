/**
 * Operations additions: control charts of assays with rule violations marked (GET /v1/quality/charts),
 * refreshed as telemetry arrives, saying in words when the server does not offer them. Asset health
 * (anomaly scores, remaining-useful-life bands) is asset-health-panel.tsx.
 */
import { useMemo, useState } from 'react';
import { api } from '../api/client.js';
import type { LiveSnapshot, QualityChartAnswer } from '../api/types.js';
import { Chart } from '../components/chart.js';
import type { EChartsCoreOption } from '../components/echarts.js';
import { Empty, Failure } from '../components/status.js';
import { DataTable } from '../components/data-table.js';
import { offers, useRefreshed } from '../hooks.js';
import { formatCompact } from '../lib/format.js';
import { toControlSeries } from '../lib/operations.js';

const time = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

export function ControlChartPanel({
  paths,
  live,
}: {
  paths: readonly string[];
  live: LiveSnapshot | undefined;
}) {
  const series = useMemo(() => {
    const seen = new Map<string, { facility: string; material: string; analyte: string }>();
    for (const a of live?.assays ?? [])
      seen.set(`${a.facility}|${a.material}|${a.analyte}`, {
        facility: a.facility,
        material: a.material,
        analyte: a.analyte,
      });
    return [...seen.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [live]);
  const [chosen, setChosen] = useState<string | undefined>();
  const [rules, setRules] = useState('nelson');
  const key = chosen !== undefined && series.some(([k]) => k === chosen) ? chosen : series[0]?.[0];
  const pick = series.find(([k]) => k === key)?.[1];
  const version = live?.events ?? 0;
  const { value: chart, error } = useRefreshed(
    pick ? () => api.getQualityChart({ ...pick, rules }) : undefined,
    [key, rules, version],
  );

  if (paths.length > 0 && !offers(paths, '/v1/quality/charts')) {
    return (
      <div className="panel">
        <h3>Control charts</h3>
        <Empty title="Control charts are not available on this server yet.">
          <p>
            Assay control charts with run-rule violations marked appear here once the server offers{' '}
            <code>/v1/quality/charts</code>.
          </p>
        </Empty>
      </div>
    );
  }
  return (
    <div className="panel" data-testid="control-chart">
      <div className="view-head">
        <h3>Control chart</h3>
        {series.length > 0 ? (
          <div className="filters">
            <label className="field">
              Assay series
              <select value={key} onChange={(event) => setChosen(event.target.value)}>
                {series.map(([k, s]) => (
                  <option key={k} value={k}>
                    {s.facility} · {s.material} · {s.analyte}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              Run rules
              <select value={rules} onChange={(event) => setRules(event.target.value)}>
                <option value="nelson">Nelson (1–8)</option>
                <option value="we">Western Electric</option>
                <option value="1">Beyond the limits only</option>
              </select>
            </label>
          </div>
        ) : null}
      </div>
      {series.length === 0 ? (
        <p className="caption">
          No assays yet. Send assay events (lot, material, analyte, value) to <code>POST /v1/telemetry</code>;
          each series gets a control chart here.
        </p>
      ) : null}
      {error && pick ? (
        <Failure what={`the control chart of ${pick.material} ${pick.analyte}`} error={error} />
      ) : null}
      {chart &&
      pick &&
      chart.facility === pick.facility &&
      chart.material === pick.material &&
      chart.analyte === pick.analyte ? (
        <ControlChart chart={chart} />
      ) : null}
    </div>
  );
}

function ControlChart({ chart }: { chart: QualityChartAnswer }) {
  const first = chart.series[0];
  const lines = useMemo(() => (first ? toControlSeries(first, chart.violations) : undefined), [chart, first]);
  if (!first || !lines) return <p className="caption">The chart has no points.</p>;
  const unit = chart.unit ?? '';
  const spec = chart.specification;
  const option: EChartsCoreOption = {
    grid: { left: 60, right: 30, top: 40, bottom: 50 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: lines.labels, name: 'lot', nameLocation: 'middle', nameGap: 30 },
    yAxis: { type: 'value', scale: true, name: unit },
    series: [
      {
        type: 'line',
        name: first.statistic,
        data: lines.value,
        itemStyle: { color: '#1f5f8b' },
        symbolSize: 5,
      },
      { type: 'line', name: 'centre', data: lines.center, symbol: 'none', lineStyle: { color: '#239b56' } },
      {
        type: 'line',
        name: 'control limits',
        data: lines.ucl,
        symbol: 'none',
        lineStyle: { color: '#c0392b', type: 'dashed' },
        itemStyle: { color: '#c0392b' },
      },
      {
        type: 'line',
        name: 'control limits',
        data: lines.lcl,
        symbol: 'none',
        lineStyle: { color: '#c0392b', type: 'dashed' },
        itemStyle: { color: '#c0392b' },
      },
      ...(spec?.lsl !== undefined
        ? [
            {
              type: 'line',
              name: 'specification',
              data: lines.labels.map(() => spec.lsl),
              symbol: 'none',
              lineStyle: { color: '#7d3c98', type: 'dotted' },
              itemStyle: { color: '#7d3c98' },
            },
          ]
        : []),
      ...(spec?.usl !== undefined
        ? [
            {
              type: 'line',
              name: 'specification',
              data: lines.labels.map(() => spec.usl),
              symbol: 'none',
              lineStyle: { color: '#7d3c98', type: 'dotted' },
              itemStyle: { color: '#7d3c98' },
            },
          ]
        : []),
      {
        type: 'scatter',
        name: 'rule violated',
        symbol: 'circle',
        symbolSize: 13,
        itemStyle: { color: '#c0392b' },
        data: lines.marks.map((m) => ({ value: [m.position, m.value], name: m.rules.join(', ') })),
        tooltip: { formatter: (params: { name?: string }) => `rule violated: ${params.name ?? ''}` },
      },
      {
        type: 'scatter',
        name: 'part of a pattern',
        symbol: 'emptyCircle',
        symbolSize: 11,
        itemStyle: { color: '#d68910' },
        data: lines.pattern.map((p) => [p, lines.value[p] ?? null]),
      },
    ],
  };
  const capability = chart.capability;
  return (
    <>
      <p className="caption">
        {chart.count} assays, {chart.chart.toUpperCase()} chart, phase {chart.phase}: centre{' '}
        {formatCompact(chart.limits.center)} {unit}, σ {formatCompact(chart.limits.sigma)}.{' '}
        {chart.violations.length === 0
          ? 'No rule is violated.'
          : `${chart.violations.length} violation${chart.violations.length === 1 ? '' : 's'} (red: the assay that completes the pattern; orange: the others in it).`}
        {capability?.cpk.value !== null && capability?.cpk.value !== undefined
          ? ` Cpk ${capability.cpk.value.toFixed(2)} against the specification.`
          : ''}
      </p>
      <Chart
        name="control-chart"
        option={option}
        label={`Control chart of ${chart.material} ${chart.analyte} at ${chart.facility} with ${chart.violations.length} rule violations marked`}
        height={320}
      />
      {chart.violations.length > 0 ? (
        <DataTable
          title="Rule violations"
          ariaLabel="Rule violations"
          rows={chart.violations}
          limit={20}
          rowKey={(v, i) => `${v.rule}|${v.index}|${i}`}
          columns={[
            { header: 'Rule', cell: (v) => v.rule, csv: (v) => v.rule },
            { header: 'What it means', cell: (v) => v.description, csv: (v) => v.description },
            {
              header: 'Assay',
              cell: (v) => lines.labels[first.points.findIndex((p) => p.index === v.index)] ?? v.index + 1,
              csv: (v) => lines.labels[first.points.findIndex((p) => p.index === v.index)] ?? v.index + 1,
            },
            { header: 'Time', cell: (v) => time(v.time), csv: (v) => new Date(v.time).toISOString() },
            {
              header: 'Assays in the pattern',
              className: 'num',
              cell: (v) => v.points.length,
              csv: (v) => v.points.length,
            },
          ]}
        />
      ) : null}
      {chart.warnings.length > 0 ? <p className="caption">{chart.warnings.join(' ')}</p> : null}
    </>
  );
}
