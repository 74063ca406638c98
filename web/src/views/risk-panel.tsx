/**
 * Risk beside the scenario comparison: concentration (HHI by stage) and a consumer's exposure to one
 * country, per compared plan, from GET /v1/risk; and the consumer's cost-of-diversification curve
 * (diversification-curve.tsx) for the same consumer and country.
 */
import { api } from '../api/client.js';
import type { Model, RiskReport } from '../api/types.js';
import { Chart } from '../components/chart.js';
import { Choice } from '../components/choice.js';
import type { EChartsCoreOption } from '../components/echarts.js';
import { Empty, Failure, Loading } from '../components/status.js';
import type { ViewContext } from '../context.js';
import { offers, useAsync } from '../hooks.js';
import { formatShare, formatTonnes } from '../lib/format.js';
import { exposureTo, hhiBand, hhiByStage } from '../lib/risk.js';
import { DiversificationCurve } from './diversification-curve.js';

export interface FinishedRun {
  scenario: string;
  plan: string;
}

/** Countries (top-level jurisdictions) of the model, for the consumer and country pickers. */
function countries(model: Model | undefined): string[] {
  if (!model) return [];
  return model.jurisdictions
    .filter((j) => j.parent === undefined)
    .map((j) => j.id)
    .sort();
}

function Pickers({
  context,
  consumer,
  through,
  list,
}: {
  context: ViewContext;
  consumer: string;
  through: string;
  list: readonly string[];
}) {
  const { navigate } = context;
  return (
    <div className="filters">
      <Choice
        label="Consumer"
        value={consumer}
        options={list}
        onChange={(value) => navigate({ consumer: value, curve: undefined }, { replace: true })}
      />
      <Choice
        label="Exposed to"
        value={through}
        options={list}
        onChange={(value) => navigate({ through: value, curve: undefined }, { replace: true })}
      />
    </div>
  );
}

export function RiskPanel({ context, runs }: { context: ViewContext; runs: readonly FinishedRun[] }) {
  const { paths, model, state } = context;
  const list = countries(model.state === 'ok' ? model.value : undefined);
  const consumer = state.consumer ?? (list.includes('US') ? 'US' : (list[0] ?? ''));
  const through = state.through ?? (list.includes('CN') ? 'CN' : (list[0] ?? ''));
  const hasRisk = paths.length === 0 || offers(paths, '/v1/risk');
  return (
    <>
      <div className="panel" data-testid="risk-panel">
        <div className="view-head">
          <h3>Concentration and exposure</h3>
          {hasRisk && list.length > 0 ? (
            <Pickers context={context} consumer={consumer} through={through} list={list} />
          ) : null}
        </div>
        {!hasRisk ? (
          <Empty title="Risk metrics are not available on this server yet.">
            <p>
              Concentration (HHI) and exposure appear here once the server offers <code>/v1/risk</code>. The
              stage shares above are computed from the plans meanwhile.
            </p>
          </Empty>
        ) : runs.length === 0 ? (
          <p className="caption">
            Run the comparison: each finished plan is measured here (HHI of every stage, and how much of{' '}
            {consumer}'s supply of each element passes through {through}).
          </p>
        ) : consumer === '' ? (
          // The consumer comes from the model's countries: ask for its exposure once the model is here.
          <Loading what="the model's countries" />
        ) : (
          <RiskSideBySide runs={runs} consumer={consumer} through={through} />
        )}
      </div>
      <DiversificationCurve context={context} consumer={consumer} through={through} />
    </>
  );
}

function RiskSideBySide({
  runs,
  consumer,
  through,
}: {
  runs: readonly FinishedRun[];
  consumer: string;
  through: string;
}) {
  const key = `${runs.map((r) => r.plan).join(',')}|${consumer}`;
  const reports = useAsync(key, () =>
    Promise.all(runs.map((run) => api.getRisk(run.plan, { metric: 'hhi,exposure', consumer }))),
  );
  if (reports.state === 'idle' || reports.state === 'loading')
    return <Loading what="the risk metrics of the plans" />;
  if (reports.state === 'error') return <Failure what="the risk metrics" error={reports.error} />;
  return <RiskCharts runs={runs} reports={reports.value} consumer={consumer} through={through} />;
}

function RiskCharts({
  runs,
  reports,
  consumer,
  through,
}: {
  runs: readonly FinishedRun[];
  reports: readonly RiskReport[];
  consumer: string;
  through: string;
}) {
  const hhi = reports.map((r) => hhiByStage(r.metrics.find((m) => m.name === 'hhi')));
  const exposure = reports.map((r) =>
    exposureTo(
      r.metrics.find((m) => m.name === 'exposure'),
      through,
    ),
  );
  const stages = [...new Set(hhi.flatMap((rows) => rows.map((row) => row.stage)))];
  const elements = [...new Set(exposure.flatMap((rows) => rows.map((row) => row.element)))].sort();
  const hhiOption: EChartsCoreOption = {
    grid: { left: 60, right: 20, top: 30, bottom: 40 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    xAxis: { type: 'category', data: stages, axisLabel: { interval: 0, fontSize: 10 } },
    yAxis: { type: 'value', name: 'HHI', max: 10_000 },
    series: runs.map((run, i) => ({
      type: 'bar',
      name: run.scenario,
      data: stages.map((stage) => hhi[i]?.find((row) => row.stage === stage)?.hhi ?? null),
    })),
  };
  const exposureOption: EChartsCoreOption = {
    grid: { left: 60, right: 20, top: 30, bottom: 40 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: number) => formatShare(v),
    },
    legend: { top: 0 },
    xAxis: { type: 'category', data: elements, axisLabel: { interval: 0 } },
    yAxis: { type: 'value', max: 1, axisLabel: { formatter: (v: number) => formatShare(v) } },
    series: runs.map((run, i) => ({
      type: 'bar',
      name: run.scenario,
      data: elements.map((element) => exposure[i]?.find((row) => row.element === element)?.share ?? null),
    })),
  };
  return (
    <>
      <div className="grid-2">
        <div>
          <p className="caption">
            Herfindahl–Hirschman index of each stage's REO output by country (10,000 = one country makes it
            all; above 2,500 is highly concentrated).
          </p>
          <Chart
            name="risk-hhi"
            option={hhiOption}
            label={`Concentration (HHI) of each stage by scenario: ${runs.map((r) => r.scenario).join(', ')}`}
            height={300}
          />
        </div>
        <div>
          <p className="caption">
            Share of {consumer}'s supply of each element that passes through {through} at any stage.
          </p>
          {elements.length > 0 ? (
            <Chart
              name="risk-exposure"
              option={exposureOption}
              label={`${consumer}'s exposure to ${through} by element and scenario`}
              height={300}
            />
          ) : (
            <Empty title={`None of ${consumer}'s supply passes through ${through} in these plans.`} />
          )}
        </div>
      </div>
      <table className="compare" aria-label="Concentration and exposure side by side">
        <caption>Concentration and exposure side by side</caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            {runs.map((run) => (
              <th scope="col" key={run.plan} className="num">
                {run.scenario}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {stages.map((stage) => (
            <tr key={`hhi-${stage}`}>
              <th scope="row">HHI of {stage}</th>
              {runs.map((run, i) => {
                const row = hhi[i]?.find((r) => r.stage === stage);
                return (
                  <td key={run.plan} className="num" title={row ? hhiBand(row.hhi) : undefined}>
                    {row
                      ? `${Math.round(row.hhi).toLocaleString('en-US')}${row.top ? ` (${row.top} ${formatShare(row.topShare ?? 0)})` : ''}`
                      : '–'}
                  </td>
                );
              })}
            </tr>
          ))}
          {elements.map((element) => (
            <tr key={`exp-${element}`}>
              <th scope="row">
                {consumer}'s {element} through {through}
              </th>
              {runs.map((run, i) => {
                const row = exposure[i]?.find((r) => r.element === element);
                return (
                  <td key={run.plan} className="num">
                    {row ? `${formatShare(row.share)} (${formatTonnes(row.tonnes)})` : '–'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
