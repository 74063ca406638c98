/**
 * Scenarios side by side: pick scenarios (and the baseline), run a plan for each, compare cost,
 * shortfall and each stage's country shares; concentration, exposure and the cost-of-diversification
 * curve below them (risk-panel.tsx).
 */
import { useState } from 'react';
import { api, toFailure, type ApiFailure } from '../api/client.js';
import type { PlanResult } from '../api/types.js';
import { Chart } from '../components/chart.js';
import type { EChartsCoreOption } from '../components/echarts.js';
import { Empty, Failure, Loading } from '../components/status.js';
import type { ViewContext } from '../context.js';
import { usePlanJobs, type PlanJobState } from '../hooks.js';
import { shareOf, summarizeRun, type RunSummary } from '../lib/compare.js';
import { formatShare, formatTonnes, formatUsd } from '../lib/format.js';
import { BASELINE } from '../lib/url-state.js';
import { RiskPanel } from './risk-panel.js';

export function ScenariosView({ context }: { context: ViewContext }) {
  const { scenarios, state, navigate, modelId } = context;
  const jobs = usePlanJobs(state.runs);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<ApiFailure | undefined>();
  const selected = state.compare.length > 0 ? state.compare : [BASELINE];

  if (scenarios.state === 'loading' || scenarios.state === 'idle') return <Loading what="the scenarios" />;
  if (scenarios.state === 'error') return <Failure what="the scenarios" error={scenarios.error} />;
  const options = [
    { id: BASELINE, name: 'Baseline (no scenario)', description: 'The model as written.' },
    ...scenarios.value.scenarios,
  ];

  const toggle = (id: string, on: boolean): void => {
    const next = on ? [...selected.filter((s) => s !== id), id] : selected.filter((s) => s !== id);
    const order = options.map((o) => o.id);
    navigate(
      { compare: next.sort((a, b) => order.indexOf(a) - order.indexOf(b)), runs: undefined },
      { replace: true },
    );
  };
  const run = (): void => {
    if (!modelId) return;
    setStarting(true);
    setStartError(undefined);
    Promise.all(
      selected.map((scenario) =>
        api.startPlan({ model: modelId, ...(scenario === BASELINE ? {} : { scenario }) }),
      ),
    )
      .then(
        (started) => navigate({ compare: selected, runs: started.map((job) => job.id) }),
        (error: unknown) => setStartError(toFailure(error)),
      )
      .finally(() => setStarting(false));
  };
  const runs = state.runs.map((id, index) => ({ scenario: state.compare[index] ?? BASELINE, job: jobs[id] }));
  const busy =
    starting ||
    runs.some((r) => r.job?.job && (r.job.job.status === 'queued' || r.job.job.status === 'running'));

  return (
    <section aria-labelledby="scenarios-title">
      <div className="view-head">
        <h2 id="scenarios-title">Scenarios side by side</h2>
      </div>
      <form
        className="scenario-picker"
        onSubmit={(event) => {
          event.preventDefault();
          run();
        }}
      >
        <fieldset>
          <legend>Scenarios to compare</legend>
          <div className="checks">
            {options.map((option) => (
              <label key={option.id} className="check" title={option.description}>
                <input
                  type="checkbox"
                  name="scenario"
                  value={option.id}
                  checked={selected.includes(option.id)}
                  onChange={(event) => toggle(option.id, event.target.checked)}
                />
                {option.name ?? option.id}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" disabled={busy || selected.length === 0 || !modelId}>
          {busy ? 'Running…' : `Run ${selected.length} plan${selected.length === 1 ? '' : 's'} and compare`}
        </button>
      </form>
      {startError ? <Failure what="the comparison" error={startError} /> : null}
      {runs.length === 0 ? (
        <Empty title="Nothing compared yet.">
          <p>Tick two or more scenarios and run them; each becomes a plan and the results line up here.</p>
        </Empty>
      ) : (
        <Comparison runs={runs} />
      )}
      <RiskPanel
        context={context}
        runs={runs.flatMap((r) =>
          r.job?.job?.status === 'succeeded' ? [{ scenario: r.scenario, plan: r.job.id }] : [],
        )}
      />
    </section>
  );
}

interface Run {
  scenario: string;
  job: PlanJobState | undefined;
}

function Comparison({ runs }: { runs: readonly Run[] }) {
  const done = runs.map((run) => ({
    ...run,
    result: run.job?.job?.status === 'succeeded' ? run.job.job.result : undefined,
  }));
  const summaries = done.map((run) => (run.result ? summarizeRun(run.result) : undefined));
  const finished = done.filter((run): run is Run & { result: PlanResult } => run.result !== undefined);
  return (
    <>
      <ul className="run-list" aria-label="Plans in the comparison">
        {runs.map((run, index) => (
          <li key={run.job?.id ?? index}>
            <strong>{run.scenario}</strong>: <RunStatus job={run.job} />
          </li>
        ))}
      </ul>
      {finished.length === 0 ? null : <ComparisonTables runs={done} summaries={summaries} />}
    </>
  );
}

function RunStatus({ job }: { job: PlanJobState | undefined }) {
  if (!job || (!job.job && !job.error)) return <span>loading…</span>;
  if (job.error) return <span className="error-text">{job.error.message}</span>;
  const j = job.job;
  if (!j) return null;
  if (j.status === 'succeeded') return <span>{j.result?.status ?? 'done'}</span>;
  if (j.status === 'failed') return <span className="error-text">failed: {j.error?.message}</span>;
  if (j.status === 'running') return <span>{job.progress ? `${job.progress.phase}…` : 'running…'}</span>;
  return <span>{j.status}</span>;
}

function ComparisonTables({
  runs,
  summaries,
}: {
  runs: readonly (Run & { result: PlanResult | undefined })[];
  summaries: readonly (RunSummary | undefined)[];
}) {
  const columns = runs.map((run, index) => ({ scenario: run.scenario, summary: summaries[index] }));
  const stages = [...new Set(summaries.flatMap((s) => s?.stages.map((st) => st.stage) ?? []))];
  const leaders = stages.map((stage) => {
    const first = summaries.find((s) => s)?.stages.find((s) => s.stage === stage);
    return { stage, country: first?.shares[0]?.country ?? '' };
  });
  const costOption: EChartsCoreOption = {
    grid: { left: 80, right: 20, top: 30, bottom: 60 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    xAxis: {
      type: 'category',
      data: columns.map((c) => c.scenario),
      axisLabel: { interval: 0, rotate: columns.length > 3 ? 20 : 0 },
    },
    yAxis: [{ type: 'value', name: 'USD', axisLabel: { formatter: (v: number) => formatUsd(v) } }],
    series: [
      {
        type: 'bar',
        name: 'total cost',
        data: columns.map((c) => c.summary?.cost ?? null),
        itemStyle: { color: '#2471a3' },
      },
      {
        type: 'bar',
        name: 'value of unmet demand',
        data: columns.map((c) => c.summary?.shortfallValue ?? null),
        itemStyle: { color: '#c0392b' },
      },
    ],
  };
  const shareOption: EChartsCoreOption = {
    grid: { left: 60, right: 20, top: 30, bottom: 40 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatShare(v) },
    legend: { top: 0 },
    xAxis: {
      type: 'category',
      data: leaders.map((l) => `${l.stage} (${l.country})`),
      axisLabel: { interval: 0, fontSize: 10 },
    },
    yAxis: { type: 'value', max: 1, axisLabel: { formatter: (v: number) => formatShare(v) } },
    series: columns.map((c) => ({
      type: 'bar',
      name: c.scenario,
      data: leaders.map((l) => (c.summary ? shareOf(c.summary, l.stage, l.country) : null)),
    })),
  };
  return (
    <>
      <table className="compare">
        <caption>Plans side by side</caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            {columns.map((c) => (
              <th scope="col" key={c.scenario} className="num">
                {c.scenario}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Status</th>
            {columns.map((c) => (
              <td key={c.scenario} className="num">
                {c.summary?.status ?? '–'}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">Total cost</th>
            {columns.map((c) => (
              <td key={c.scenario} className="num">
                {c.summary ? formatUsd(c.summary.cost) : '–'}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">Unmet demand</th>
            {columns.map((c) => (
              <td key={c.scenario} className="num">
                {c.summary ? formatTonnes(c.summary.shortfall) : '–'}
              </td>
            ))}
          </tr>
          {leaders.map((l) => (
            <tr key={l.stage}>
              <th scope="row">
                {l.country} share of {l.stage}
              </th>
              {columns.map((c) => (
                <td key={c.scenario} className="num">
                  {c.summary ? formatShare(shareOf(c.summary, l.stage, l.country)) : '–'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="grid-2">
        <div className="panel">
          <h3>Cost and unmet demand</h3>
          <Chart
            name="compare-cost"
            option={costOption}
            label="Total cost and value of unmet demand by scenario"
            height={300}
          />
        </div>
        <div className="panel">
          <h3>Share of the leading country by stage</h3>
          <Chart
            name="compare-shares"
            option={shareOption}
            label="Share of each stage's output from its leading country, by scenario"
            height={300}
          />
        </div>
      </div>
    </>
  );
}
