/** The simulation view's result: fan charts of fill rates and stocks, and what ran short. */
import { useMemo } from 'react';
import type { MonteCarloResult } from '../api/types.js';
import { Chart } from '../components/chart.js';
import { Choice } from '../components/choice.js';
import type { EChartsCoreOption } from '../components/echarts.js';
import { Empty } from '../components/status.js';
import { DataTable } from '../components/data-table.js';
import type { Navigate } from '../hooks.js';
import { formatCompact, formatShare, formatTonnes } from '../lib/format.js';
import { periodFillRate, stockpileLevels, toFan, toTimeFan, type Fan } from '../lib/simulation.js';

/** Items shown in an across-items fan chart: the worst served. */
const FAN_LIMIT = 25;

/** A fan chart: across items (categories are ids, labels slanted) or over time (categories are the day each week ends). */
function fanOption(
  fan: Fan,
  unit: 'share' | 'tonnes',
  name: string,
  over: 'items' | 'time' = 'items',
): EChartsCoreOption {
  const format = (v: number): string => (unit === 'share' ? formatShare(v) : formatTonnes(v));
  const xAxis =
    over === 'time'
      ? {
          type: 'category',
          data: fan.categories,
          name: 'day',
          nameLocation: 'middle',
          nameGap: 28,
          boundaryGap: false,
        }
      : {
          type: 'category',
          data: fan.categories,
          axisLabel: { interval: 0, rotate: 40, fontSize: 10, width: 140, overflow: 'truncate' },
        };
  return {
    grid: { left: 70, right: 20, top: 30, bottom: over === 'time' ? 50 : 110 },
    legend: { top: 0, data: ['P5–P95', 'median', 'mean'] },
    tooltip: {
      trigger: 'axis',
      formatter: (params: { dataIndex: number }[]) => {
        const i = params[0]?.dataIndex ?? 0;
        return `${over === 'time' ? `week to day ${fan.categories[i] ?? ''}` : (fan.categories[i] ?? '')}<br/>P5 ${format(fan.lower[i] ?? 0)} · median ${format(fan.median[i] ?? 0)} · P95 ${format((fan.lower[i] ?? 0) + (fan.band[i] ?? 0))}<br/>mean ${format(fan.mean[i] ?? 0)}`;
      },
    },
    xAxis,
    yAxis: {
      type: 'value',
      name,
      scale: unit === 'share',
      axisLabel: { formatter: (v: number) => (unit === 'share' ? formatShare(v) : formatCompact(v)) },
    },
    series: [
      {
        type: 'line',
        name: 'P5',
        stack: 'fan',
        data: fan.lower,
        lineStyle: { opacity: 0 },
        symbol: 'none',
        areaStyle: { opacity: 0 },
        tooltip: { show: false },
      },
      {
        type: 'line',
        name: 'P5–P95',
        stack: 'fan',
        data: fan.band,
        lineStyle: { opacity: 0 },
        symbol: 'none',
        areaStyle: { color: '#85c1e9', opacity: 0.6 },
        itemStyle: { color: '#85c1e9' },
      },
      {
        type: 'line',
        name: 'median',
        data: fan.median,
        itemStyle: { color: '#1f5f8b' },
        symbolSize: 5,
        showSymbol: over === 'items',
      },
      {
        type: 'line',
        name: 'mean',
        data: fan.mean,
        lineStyle: { type: 'dashed' },
        itemStyle: { color: '#d68910' },
        symbolSize: 3,
        showSymbol: over === 'items',
      },
    ],
  };
}

/** A Monte Carlo result: fill-rate and stock fans over time and across demands, and the summary table. */
export function SimulationResult({
  result,
  demand,
  stockpile,
  navigate,
}: {
  result: MonteCarloResult;
  demand: string | undefined;
  stockpile: string | undefined;
  navigate: Navigate;
}) {
  const fillFan = useMemo(
    () =>
      toFan(
        result.demands.map((d) => ({ id: d.demand, value: d.fillRate })),
        FAN_LIMIT,
      ),
    [result],
  );
  // Demands worst first (lowest median fill rate over the run); the worst is shown unless one is chosen.
  const demandOrder = useMemo(
    () => toFan(result.demands.map((d) => ({ id: d.demand, value: d.fillRate }))).categories,
    [result],
  );
  const series = result.series;
  const chosenDemand =
    series.demands.find((d) => d.demand === demand) ??
    series.demands.find((d) => d.demand === demandOrder[0]);
  const chosenStockpile = series.stockpiles.find((s) => s.stockpile === stockpile);
  const stockpileIds = useMemo(() => series.stockpiles.map((s) => s.stockpile), [series]);
  const systemFillTime = useMemo(() => toTimeFan(series.ends, series.system.fillRate), [series]);
  const demandFillTime = useMemo(
    () => (chosenDemand ? toTimeFan(series.ends, chosenDemand.fillRate) : undefined),
    [series, chosenDemand],
  );
  const stockTime = useMemo(
    () => toTimeFan(series.ends, chosenStockpile ? chosenStockpile.level : series.system.stockpileLevel),
    [series, chosenStockpile],
  );
  const stockFan = useMemo(
    () =>
      toFan(
        result.stockpiles.map((s) => ({ id: s.stockpile, value: s.minimum })),
        FAN_LIMIT,
      ),
    [result],
  );
  const flows = result.flows;
  const periodOption = useMemo<EChartsCoreOption | undefined>(() => {
    if (!flows) return undefined;
    const levels = stockpileLevels(flows.stockpiles, flows.periods);
    return {
      grid: { left: 70, right: 70, top: 40, bottom: 40 },
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: flows.periods },
      yAxis: [
        {
          type: 'value',
          name: 'stockpile t',
          min: 0,
          axisLabel: { formatter: (v: number) => formatCompact(v) },
        },
        {
          type: 'value',
          name: 'fill rate',
          min: 0,
          max: 1,
          axisLabel: { formatter: (v: number) => formatShare(v) },
        },
      ],
      series: [
        ...levels.map((s) => ({ type: 'line', name: s.stockpile, data: s.levels, symbolSize: 3 })),
        {
          type: 'line',
          name: 'fill rate (all demands)',
          yAxisIndex: 1,
          data: periodFillRate(flows.deliveries, flows.periods),
          lineStyle: { width: 3, color: '#17202a' },
          itemStyle: { color: '#17202a' },
        },
      ],
    };
  }, [flows]);
  const recovering = result.demands
    .filter((d) => d.timeToRecover.p95 > 0 || d.recoveredShare < 1)
    .sort((a, b) => b.timeToRecover.p50 - a.timeToRecover.p50 || a.demand.localeCompare(b.demand));
  const system = result.system.fillRate;
  const spread = result.demands.some((d) => d.fillRate.p95 - d.fillRate.p5 > 1e-9);
  return (
    <>
      <dl className="kpis" data-testid="simulation-kpis">
        <div>
          <dt>System fill rate (median)</dt>
          <dd>{formatShare(system.p50)}</dd>
        </div>
        <div>
          <dt>P5 – P95</dt>
          <dd>
            {formatShare(system.p5)} – {formatShare(system.p95)}
          </dd>
        </div>
        <div>
          <dt>Unmet (median)</dt>
          <dd>{formatTonnes(result.system.tonnesShort.p50)}</dd>
        </div>
        <div>
          <dt>Demands short at some point</dt>
          <dd>
            {recovering.length} of {result.demands.length}
          </dd>
        </div>
        <div>
          <dt>Balance violations</dt>
          <dd>{result.invariantViolations}</dd>
        </div>
      </dl>
      {spread ? null : (
        <p className="caption">
          Every run gave the same numbers: the scenario has no random disruptions, so the bands are flat.
          Choose a scenario with outages or closures for a spread.
        </p>
      )}
      <p className="caption">
        Over time: each run records every {series.bucketDays}-day week the fill rate within that week (served
        ÷ required in the week, not cumulative) and stockpile levels at the week's end; the band spans P5 to
        P95 across the {result.runs} runs week by week, the line is the weekly median (not one run's path).
      </p>
      <div className="grid-2">
        <div className="panel">
          <h3>System fill rate over time, P5–P95</h3>
          <Chart
            name="simulation-fill-time"
            option={fanOption(systemFillTime, 'share', 'fill rate', 'time')}
            label={`Weekly fill rate over every demand: P5 to P95 band, median and mean across ${result.runs} runs, for ${series.ends.length} weeks`}
            height={320}
          />
        </div>
        <div className="panel">
          <div className="view-head">
            <h3>Fill rate of a demand over time, P5–P95</h3>
            <Choice
              label="Demand"
              value={chosenDemand?.demand ?? ''}
              options={demandOrder}
              onChange={(id) => navigate({ demand: id })}
            />
          </div>
          {demandFillTime ? (
            <Chart
              name="simulation-demand-time"
              option={fanOption(demandFillTime, 'share', 'fill rate', 'time')}
              label={`Weekly fill rate of ${chosenDemand?.demand ?? ''}: P5 to P95 band, median and mean across ${result.runs} runs`}
              height={320}
            />
          ) : (
            <Empty title="The model has no demands." />
          )}
        </div>
      </div>
      <div className="panel">
        <div className="view-head">
          <h3>Stockpile level over time, P5–P95</h3>
          <Choice
            label="Stockpile"
            value={chosenStockpile?.stockpile ?? ''}
            options={stockpileIds}
            all="All stockpiles (total)"
            onChange={(id) => navigate({ stockpile: id === '' ? undefined : id })}
          />
        </div>
        {series.stockpiles.length > 0 ? (
          <Chart
            name="simulation-stockpile-time"
            option={fanOption(stockTime, 'tonnes', 't', 'time')}
            label={`Level of ${chosenStockpile ? chosenStockpile.stockpile : 'all stockpiles'} at the end of each week: P5 to P95 band, median and mean across ${result.runs} runs`}
            height={320}
          />
        ) : (
          <Empty title="The model has no stockpiles." />
        )}
      </div>
      <div className="grid-2">
        <div className="panel">
          <h3>Across demands: fill rate over the whole run, P5–P95</h3>
          <Chart
            name="simulation-fill-fan"
            option={fanOption(fillFan, 'share', 'fill rate')}
            label={`Fill rate of the ${fillFan.categories.length} worst-served demands: P5 to P95 band, median and mean over ${result.runs} runs`}
            height={360}
          />
        </div>
        <div className="panel">
          <h3>Across stockpiles: lowest level over the run, P5–P95</h3>
          {stockFan.categories.length > 0 ? (
            <Chart
              name="simulation-stockpile-fan"
              option={fanOption(stockFan, 'tonnes', 't')}
              label={`Lowest level of each stockpile over the horizon: P5 to P95 band, median and mean over ${result.runs} runs`}
              height={360}
            />
          ) : (
            <Empty title="The model has no stockpiles." />
          )}
        </div>
      </div>
      {periodOption ? (
        <div className="panel">
          <h3>By period, in the representative run</h3>
          <p className="caption">
            The run whose system fill rate is the lower median (run {flows?.run}, fill rate{' '}
            {formatShare(flows?.fillRate ?? 0)}): stockpile levels at the end of each period and the fill rate
            over every demand.
          </p>
          <Chart
            name="simulation-periods"
            option={periodOption}
            label="Stockpile levels and fill rate by period in the representative run"
            height={320}
          />
        </div>
      ) : null}
      <div className="panel">
        <h3>Time to recover</h3>
        {recovering.length === 0 ? (
          <p className="caption">No demand fell below the recovery threshold in any run.</p>
        ) : (
          <DataTable
            title="Time to recover by demand"
            ariaLabel="Time to recover by demand"
            rows={recovering}
            limit={20}
            rowKey={(d) => d.demand}
            columns={[
              { header: 'Demand', cell: (d) => d.demand, csv: (d) => d.demand },
              {
                header: 'Fill rate P5',
                className: 'num',
                cell: (d) => formatShare(d.fillRate.p5),
                csv: (d) => d.fillRate.p5,
              },
              {
                header: 'Fill rate median',
                className: 'num',
                cell: (d) => formatShare(d.fillRate.p50),
                csv: (d) => d.fillRate.p50,
              },
              {
                header: 'Days short (median)',
                className: 'num',
                cell: (d) => formatCompact(d.daysShort.p50),
                csv: (d) => d.daysShort.p50,
              },
              {
                header: 'Days to recover P5',
                className: 'num',
                cell: (d) => formatCompact(d.timeToRecover.p5),
                csv: (d) => d.timeToRecover.p5,
              },
              {
                header: 'median',
                csvHeader: 'Days to recover median',
                className: 'num',
                cell: (d) => formatCompact(d.timeToRecover.p50),
                csv: (d) => d.timeToRecover.p50,
              },
              {
                header: 'P95',
                csvHeader: 'Days to recover P95',
                className: 'num',
                cell: (d) => formatCompact(d.timeToRecover.p95),
                csv: (d) => d.timeToRecover.p95,
              },
              {
                header: 'Runs recovered',
                className: 'num',
                cell: (d) => formatShare(d.recoveredShare),
                csv: (d) => d.recoveredShare,
              },
            ]}
          />
        )}
        <p className="caption">
          Days from first falling below the recovery threshold to recovering; a demand still short at the end
          counts until the last day.
        </p>
      </div>
    </>
  );
}
