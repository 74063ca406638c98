/** The projects view's capital allocation panel: a goal and budgets in, the funded portfolio out. */
import { useMemo, useState } from 'react';
import { api } from '../api/client.js';
import type { AllocationJob } from '../api/types.js';
import { Chart } from '../components/chart.js';
import type { EChartsCoreOption } from '../components/echarts.js';
import { Empty, Failure } from '../components/status.js';
import type { ViewContext } from '../context.js';
import { useJob, useJobStart } from '../hooks.js';
import { formatCompact, formatUsd } from '../lib/format.js';

const GOALS = [
  { value: 'cost', label: 'Least total cost' },
  { value: 'shortfall', label: 'Least unmet demand' },
  { value: 'dependence:CN', label: 'Least dependence on China' },
];

/** Capital allocation: start a job for a goal and budget, then show what it funds and buys. */
export function Allocation({
  context,
  modelId,
  available,
}: {
  context: ViewContext;
  modelId: string;
  available: boolean;
}) {
  const { state, navigate } = context;
  const [goal, setGoal] = useState('cost');
  const [budget, setBudget] = useState('');
  const job = useJob<AllocationJob>(state.allocation, api.getAllocation);
  const budgetValue = budget.trim() === '' ? undefined : Number(budget) * 1e6;
  const budgetInvalid = budgetValue !== undefined && !(budgetValue >= 0);
  const launch = useJobStart(
    budgetInvalid
      ? undefined
      : () =>
          api.startAllocation({
            model: modelId,
            goal,
            ...(budgetValue === undefined ? {} : { budget: budgetValue }),
            ...(state.scenario ? { scenarios: [state.scenario] } : {}),
          }),
    (id) => navigate({ allocation: id }),
  );
  const running = launch.starting || job.job?.status === 'queued' || job.job?.status === 'running';

  if (!available) {
    return (
      <div className="panel">
        <h3>Capital allocation</h3>
        <Empty title="Capital allocation is not available on this server yet.">
          <p>
            It appears here once the server offers <code>POST /v1/allocations</code>.
          </p>
        </Empty>
      </div>
    );
  }
  return (
    <div className="panel">
      <h3>Capital allocation</h3>
      <form className="filters" aria-label="Capital allocation" onSubmit={launch.submit}>
        <label className="field">
          Goal
          <select value={goal} onChange={(event) => setGoal(event.target.value)}>
            {GOALS.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Budget (USD million a year, empty = none)
          <input
            type="number"
            min={0}
            step="any"
            value={budget}
            onChange={(event) => setBudget(event.target.value)}
            aria-invalid={budgetInvalid}
          />
        </label>
        <button type="submit" disabled={running || budgetInvalid}>
          {running ? 'Allocating…' : `Allocate capital${state.scenario ? ` (${state.scenario})` : ''}`}
        </button>
      </form>
      {budgetInvalid ? (
        <p className="error-text">The budget must be a number of USD millions, 0 or more.</p>
      ) : null}
      {launch.error ? <Failure what="the allocation" error={launch.error} /> : null}
      {job.error ? (
        <Failure what={`allocation ${state.allocation ?? ''}`} error={job.error}>
          {job.error.status === 404 ? <p>Allocations live in the server's memory; run it again.</p> : null}
        </Failure>
      ) : null}
      <AllocationResultView job={job.job} progress={job.progress?.detail ?? job.progress?.phase} />
      {!state.allocation && !launch.error ? (
        <p className="caption">
          Choose a goal and a yearly budget and allocate: the optional projects that best serve the goal are
          chosen, with what each buys.
        </p>
      ) : null}
    </div>
  );
}

function AllocationResultView({
  job,
  progress,
}: {
  job: AllocationJob | undefined;
  progress: string | undefined;
}) {
  const result = job?.status === 'succeeded' ? job.result : undefined;
  const option = useMemo<EChartsCoreOption>(() => {
    const rows = result
      ? [
          ...result.chosen.map((c) => ({ project: c.project, value: c.buys, chosen: true })),
          ...result.unfunded.map((u) => ({ project: u.project, value: u.wouldBuy, chosen: false })),
        ]
      : [];
    return {
      grid: { left: 170, right: 20, top: 30, bottom: 30 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: {
        type: 'value',
        name: result?.unit === 'USD' ? 'USD' : '',
        axisLabel: { formatter: (v: number) => (result?.unit === 'USD' ? formatUsd(v) : formatCompact(v)) },
      },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.project) },
      series: [
        {
          type: 'bar',
          name: 'chosen: what it buys',
          stack: 'v',
          data: rows.map((r) => (r.chosen ? r.value : null)),
          itemStyle: { color: '#239b56' },
        },
        {
          type: 'bar',
          name: 'unfunded: what it would buy',
          stack: 'v',
          data: rows.map((r) => (r.chosen ? null : r.value)),
          itemStyle: { color: '#aab7b8' },
        },
      ],
    };
  }, [result]);
  if (!job) return null;
  if (job.status === 'queued' || job.status === 'running') {
    return (
      <p className="progress" role="status" data-testid="allocation-status">
        Allocation {job.id}{' '}
        {job.status === 'queued' ? 'is queued' : `is running${progress ? `: ${progress}` : ''}`}…
      </p>
    );
  }
  if (job.status === 'failed') {
    return (
      <div className="state error" role="alert" data-testid="allocation-status">
        <p className="state-title">The allocation failed.</p>
        <p>{job.error?.message ?? 'The server gave no reason.'}</p>
      </div>
    );
  }
  if (job.status === 'cancelled' || !result)
    return (
      <p className="caption" data-testid="allocation-status">
        Allocation {job.id} was cancelled.
      </p>
    );
  const money = (v: number): string =>
    result.unit === 'USD' ? formatUsd(v) : `${formatCompact(v)} ${result.unit}`;
  return (
    <div data-testid="allocation-status">
      <dl className="kpis">
        <div>
          <dt>Goal</dt>
          <dd>{result.goal}</dd>
        </div>
        <div>
          <dt>With the chosen projects</dt>
          <dd>{money(result.value)}</dd>
        </div>
        <div>
          <dt>With no optional project</dt>
          <dd>{money(result.baseline)}</dd>
        </div>
        <div>
          <dt>Chosen</dt>
          <dd>
            {result.chosen.length} of {result.chosen.length + result.unfunded.length}
          </dd>
        </div>
        <div>
          <dt>Plans solved</dt>
          <dd>{result.solves}</dd>
        </div>
      </dl>
      {result.chosen.length + result.unfunded.length > 0 ? (
        <Chart
          name="projects-allocation"
          option={option}
          label="What each chosen project buys and what each unfunded one would"
          height={Math.max(180, 70 + (result.chosen.length + result.unfunded.length) * 34)}
        />
      ) : null}
      <table aria-label="Allocation result">
        <thead>
          <tr>
            <th scope="col">Project</th>
            <th scope="col">Decision</th>
            <th scope="col" className="num">
              Capex
            </th>
            <th scope="col" className="num">
              Buys / would buy
            </th>
          </tr>
        </thead>
        <tbody>
          {result.chosen.map((c) => (
            <tr key={c.project}>
              <td>{c.project}</td>
              <td>chosen</td>
              <td className="num">{formatUsd(c.capex)}</td>
              <td className="num">{money(c.buys)}</td>
            </tr>
          ))}
          {result.unfunded.map((u) => (
            <tr key={u.project}>
              <td>{u.project}</td>
              <td>unfunded</td>
              <td className="num">{formatUsd(u.capex)}</td>
              <td className="num">{money(u.wouldBuy)}</td>
            </tr>
          ))}
          {result.fixed.map((f) => (
            <tr key={f.project}>
              <td>{f.project}</td>
              <td>{f.decision} (not the allocation's to decide)</td>
              <td className="num">–</td>
              <td className="num">–</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.notes.length > 0 ? (
        <ul className="caption">
          {result.notes.map((note, index) => (
            <li key={index}>{note}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
