/**
 * The map: facilities by stage (marker shape and legend), sized by capacity, coloured by country;
 * the selected plan's flows as lines whose width grows with tonnes. Offline: the world outline is
 * Natural Earth 1:110m from world-atlas, no tiles.
 */
import { useMemo } from 'react';
import { Chart } from '../components/chart.js';
import { registerWorldMap, type EChartsCoreOption } from '../components/echarts.js';
import { PeriodFilter } from '../components/filters.js';
import { Empty, Failure, Loading } from '../components/status.js';
import { DataTable } from '../components/data-table.js';
import type { ViewContext } from '../context.js';
import { CountryLegend } from '../components/country-legend.js';
import { STAGE_SYMBOLS, toCountryColours, toCountryLegend } from '../lib/colours.js';
import { formatTonnes } from '../lib/format.js';
import { toFacilityPoints, toFlowLines, type FacilityPoint, type FlowLine } from '../lib/model-view.js';

export function MapView({ context }: { context: ViewContext }) {
  const { model, result, state, navigate } = context;
  const points = useMemo(() => (model.state === 'ok' ? toFacilityPoints(model.value) : []), [model]);
  const lines = useMemo(
    () =>
      result
        ? toFlowLines(result.flows, points, state.period === undefined ? {} : { period: state.period })
        : [],
    [result, points, state.period],
  );
  const option = useMemo(() => toMapOption(points, lines), [points, lines]);

  if (model.state === 'loading' || model.state === 'idle') return <Loading what="the model" />;
  if (model.state === 'error') return <Failure what="the model" error={model.error} />;
  return (
    <section aria-labelledby="map-title">
      <div className="view-head">
        <h2 id="map-title">Facilities and flows</h2>
        <div className="filters">
          <PeriodFilter
            periods={result?.periods ?? []}
            value={state.period}
            onChange={(period) => navigate({ period }, { replace: true })}
          />
        </div>
      </div>
      <p className="caption">
        {points.length} facilities with a location; marker shape = stage, size = capacity, colour = country.{' '}
        {result
          ? `${lines.length} routes carry the plan's flows${state.period ? ` in ${state.period}` : ' over the horizon'}; line width = tonnes, arrow = direction.`
          : 'Run a plan to see its flows on the map.'}
      </p>
      <CountryLegend
        keys={toCountryLegend(
          points.map((p) => p.country),
          model.value.jurisdictions,
        )}
      />
      {points.length === 0 ? (
        <Empty title="No facility of this model has a location.">
          <p>
            Give facilities a <code>location: [latitude, longitude]</code> to place them on the map.
          </p>
        </Empty>
      ) : (
        <Chart
          name="map"
          option={option}
          label={`Map of ${points.length} facilities and ${lines.length} flow routes`}
          height="calc(100vh - 230px)"
        />
      )}
      {lines.length > 0 ? <FlowTable lines={lines} /> : null}
    </section>
  );
}

function FlowTable({ lines }: { lines: readonly FlowLine[] }) {
  return (
    <details className="table-details">
      <summary>Largest flows as a table</summary>
      <DataTable
        title="Largest flows"
        rows={lines}
        limit={25}
        rowKey={(line) => `${line.from}>${line.to}`}
        columns={[
          { header: 'From', cell: (line) => line.from, csv: (line) => line.from },
          { header: 'To', cell: (line) => line.to, csv: (line) => line.to },
          {
            header: 'Materials',
            cell: (line) => line.materials.join(', '),
            csv: (line) => line.materials.join(', '),
          },
          {
            header: 'Tonnes',
            className: 'num',
            cell: (line) => formatTonnes(line.tonnes),
            csv: (line) => line.tonnes,
          },
        ]}
      />
    </details>
  );
}

function toMapOption(points: readonly FacilityPoint[], lines: readonly FlowLine[]): EChartsCoreOption {
  registerWorldMap();
  const colours = toCountryColours(points.map((p) => p.country));
  const stages = [...new Set(points.map((p) => p.stage))];
  const maxCapacity = Math.max(1, ...points.map((p) => p.capacity));
  const maxTonnes = Math.max(1, ...lines.map((l) => l.tonnes));
  const size = (capacity: number): number => 6 + 24 * Math.sqrt(Math.max(0, capacity) / maxCapacity);
  return {
    tooltip: { trigger: 'item' },
    legend: {
      top: 8,
      left: 8,
      orient: 'vertical',
      backgroundColor: 'rgba(255,255,255,0.85)',
      data: [...stages, ...(lines.length > 0 ? ['flows'] : [])],
    },
    geo: {
      map: 'world',
      roam: true,
      // From Alaska to New Zealand, Arctic to Patagonia: where the chain's sites are.
      boundingCoords: [
        [-170, 78],
        [190, -56],
      ],
      top: 12,
      bottom: 12,
      left: 130,
      right: 12,
      itemStyle: { areaColor: '#eef1f4', borderColor: '#b8c2cc' },
      emphasis: { disabled: true },
      label: { show: false },
    },
    series: [
      {
        name: 'flows',
        type: 'lines',
        coordinateSystem: 'geo',
        zlevel: 1,
        lineStyle: { color: '#34495e', opacity: 0.45, curveness: 0.2 },
        // An arrow at the receiving end shows the direction of each flow.
        symbol: ['none', 'arrow'],
        symbolSize: 7,
        tooltip: {
          formatter: (p: { data: FlowLine }) =>
            `${p.data.from} → ${p.data.to}<br/>${formatTonnes(p.data.tonnes)} (${p.data.materials.join(', ')})`,
        },
        data: lines.map((line) => ({
          ...line,
          lineStyle: { width: 0.5 + 7.5 * Math.sqrt(line.tonnes / maxTonnes) },
        })),
      },
      ...stages.map((stage) => ({
        name: stage,
        type: 'scatter',
        coordinateSystem: 'geo',
        zlevel: 2,
        symbol: STAGE_SYMBOLS[stage] ?? 'circle',
        // Neutral at series level so the legend shows the stage's shape, not a country's colour.
        itemStyle: { color: '#7f8c8d' },
        tooltip: {
          formatter: (p: { data: { point: FacilityPoint } }) =>
            `<b>${p.data.point.name}</b><br/>${(p.data.point.stages.length > 0 ? p.data.point.stages : [p.data.point.stage]).join(', ')} · ${p.data.point.jurisdiction}${p.data.point.operator ? `<br/>${p.data.point.operator}` : ''}<br/>capacity ${formatTonnes(p.data.point.capacity)}/yr`,
        },
        data: points
          .filter((p) => p.stage === stage)
          .map((point) => ({
            name: point.name,
            value: [...point.coord, point.capacity],
            point,
            symbolSize: size(point.capacity),
            itemStyle: {
              color: colours.get(point.country) ?? '#555',
              borderColor: '#fff',
              borderWidth: 0.8,
              opacity: 0.9,
            },
          })),
      })),
    ],
  };
}
