/** The projects view's capital allocation panel: a goal and budgets in, the funded portfolio out. */
import { useMemo, useState } from 'react';
import { api } from '../api/client.js';
import type { AllocationJob } from '../api/types.js';
import { Chart } from '../components/chart.js';
import type { EChartsCoreOption } from '../components/echarts.js';
import { Empty, Failure } from '../components/status.js';
import type { ViewContext } from '../context.js';
import { useJob, useJobStart } from '../hooks.js';
import { measuredOver, toAllocationRows } from '../lib/allocation.js';
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
  const rows = useMemo(() => (result ? toAllocationRows(result) : []), [result]);
  const option = useMemo<EChartsCoreOption>(() => {
    const bars = rows
      .filter((r) => r.withOthers !== undefined)
      .map((r) => ({ label: r.label, value: r.withOthers ?? 0, chosen: r.decision === 'chosen' }));
    return {
      grid: { left: 170, right: 20, top: 30, bottom: 30 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: {
        type: 'value',
        name: result?.unit === 'USD' ? 'USD' : '',
        axisLabel: { formatter: (v: number) => (result?.unit === 'USD' ? formatUsd(v) : formatCompact(v)) },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: bars.map((r) => r.label),
        axisLabel: { width: 160, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          name: 'chosen: what it buys',
          stack: 'v',
          data: bars.map((r) => (r.chosen ? r.value : null)),
          itemStyle: { color: '#239b56' },
        },
        {
          type: 'bar',
          name: 'unfunded: what it would buy',
          stack: 'v',
          data: bars.map((r) => (r.chosen ? null : r.value)),
          itemStyle: { color: '#aab7b8' },
        },
      ],
    };
  }, [result, rows]);
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
      <p className="caption">
        Goal values are the {measuredOver(result)}; capex in {result.currency}.
      </p>
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
            <th scope="col">Stage</th>
            <th scope="col">Decision</th>
            <th scope="col" className="num">
              Capex
            </th>
            <th scope="col" className="num">
              With the chosen projects
            </th>
            <th scope="col" className="num">
              Alone
            </th>
            <th scope="col" className="num">
              Standalone NPV
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.project}>
              <th scope="row" title={r.project}>
                {r.label}
              </th>
              <td>{r.status}</td>
              <td>
                {r.decision === 'chosen' || r.decision === 'unfunded'
                  ? r.decision
                  : `${r.decision} (not the allocation's to decide)`}
              </td>
              <td className="num">{r.capex === undefined ? '–' : formatUsd(r.capex)}</td>
              <td className="num">{r.withOthers === undefined ? '–' : money(r.withOthers)}</td>
              <td className="num">{r.alone === undefined ? '–' : money(r.alone)}</td>
              <td className="num">{r.npv === undefined ? '–' : formatUsd(r.npv)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="caption">
        With the chosen projects: for a chosen project, how much worse the goal gets without it (the others
        kept); for an unfunded one, how much it would improve if added. Alone: built with no other optional
        project. These are system values, what the whole plan gains, so they count projects that complement or
        substitute one another. Standalone NPV, as in the projects table, is the project's own cash flows at
        the model's prices; the two can disagree.
      </p>
      {result.explanations.length > 0 ? (
        <ul aria-label="Why the allocation came out so" data-testid="allocation-explanations">
          {result.explanations.map((sentence, index) => (
            <li key={index}>{sentence}</li>
          ))}
        </ul>
      ) : null}
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
