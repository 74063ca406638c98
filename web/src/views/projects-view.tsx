/**
 * Projects: the pipeline of expansion projects as a Gantt (stages under way and ahead, expected
 * commissioning), their economics (cost of capital, NPV, IRR, payback), how each is financed, and
 * a capital allocation run from the page (which projects best serve a goal under a budget).
 */
import { useMemo, useState } from 'react';
import { api } from '../api/client.js';
import type { AllocationJob, ProjectDetail, ProjectList } from '../api/types.js';
import { Chart } from '../components/chart.js';
import type { EChartsCoreOption } from '../components/echarts.js';
import { Empty, Failure, Loading } from '../components/status.js';
import type { ViewContext } from '../context.js';
import { offers, useAsync, useJob, useJobStart } from '../hooks.js';
import { formatCompact, formatShare, formatUsd } from '../lib/format.js';
import { toFinancingStack, toGantt, type Gantt } from '../lib/projects.js';
import { PlaceholderView } from './placeholder-view.js';

const STAGE_COLOURS: Readonly<Record<string, string>> = {
  proposed: '#aab7b8',
  permitting: '#d68910',
  approved: '#d4ac0d',
  financed: '#7d3c98',
  construction: '#2471a3',
  commissioning: '#17a589',
  operating: '#239b56',
};
const SOURCE_COLOURS: Readonly<Record<string, string>> = {
  loan: '#2471a3',
  equity: '#239b56',
  grant: '#d68910',
  prepayment: '#7d3c98',
  fund: '#17a589',
  unfunded: '#c0392b',
};

interface Loaded {
  list: ProjectList;
  details: ProjectDetail[];
}

async function loadProjects(model: string): Promise<Loaded> {
  const list = await api.listProjects(model);
  const details = await Promise.all(list.projects.map((row) => api.getProject(model, row.project)));
  return { list, details };
}

export function ProjectsView({ context }: { context: ViewContext }) {
  const { paths, modelId } = context;
  const available = paths.length === 0 || offers(paths, '/v1/models/{id}/projects');
  const projects = useAsync(available && modelId ? `projects:${modelId}` : undefined, () =>
    loadProjects(modelId ?? ''),
  );
  if (!available) return <PlaceholderView view="projects" paths={paths} />;
  return (
    <section aria-labelledby="projects-title">
      <div className="view-head">
        <h2 id="projects-title">Projects</h2>
      </div>
      {projects.state === 'idle' || projects.state === 'loading' ? (
        <Loading what="the projects and their pipelines" />
      ) : null}
      {projects.state === 'error' ? <Failure what="the projects" error={projects.error} /> : null}
      {projects.state === 'ok' && projects.value.details.length === 0 ? (
        <Empty title="This model has no projects.">
          <p>
            Expansion projects (new mines, plants, capacity) are listed in the model's <code>projects</code>{' '}
            table with their permitting stages, capex and financing.
          </p>
        </Empty>
      ) : null}
      {projects.state === 'ok' && projects.value.details.length > 0 ? (
        <ProjectPipeline loaded={projects.value} />
      ) : null}
      {modelId && projects.state === 'ok' && projects.value.details.length > 0 ? (
        <Allocation context={context} modelId={modelId} available={offers(paths, '/v1/allocations')} />
      ) : null}
    </section>
  );
}

function ProjectPipeline({ loaded }: { loaded: Loaded }) {
  const { list, details } = loaded;
  const gantt = useMemo(
    () =>
      toGantt(
        details.map((d) => d.pipeline),
        list.asOf,
      ),
    [details, list.asOf],
  );
  const names = useMemo(
    () => new Map(list.projects.map((row) => [row.project, row.name ?? row.project])),
    [list],
  );
  const ganttOption = useMemo(() => toGanttOption(gantt, names), [gantt, names]);
  const financing = useMemo(
    () =>
      toFinancingStack(
        details.map((d) => ({
          project: d.project.project,
          capex: d.project.capex,
          sources: d.appraisal.costOfCapital.sources,
        })),
      ),
    [details],
  );
  const financingOption = useMemo<EChartsCoreOption>(
    () => ({
      grid: { left: 170, right: 20, top: 30, bottom: 30 },
      legend: { top: 0 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: number) => formatUsd(v),
      },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatUsd(v) } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: financing.projects.map((p) => names.get(p) ?? p),
        axisLabel: { width: 160, overflow: 'truncate' },
      },
      series: financing.series.map((s) => ({
        type: 'bar',
        stack: 'capital',
        name: s.kind,
        data: s.values,
        itemStyle: { color: SOURCE_COLOURS[s.kind] ?? '#5d6d7e' },
      })),
    }),
    [financing, names],
  );
  const overdue = list.projects.filter((row) => row.overdueDays > 0);
  return (
    <>
      <p className="caption">
        {list.projects.length} projects as of {list.asOf}. Bars are the stages under way and ahead with their
        expected dates; a diamond marks the expected start of operation.
        {overdue.length > 0
          ? ` ${overdue.length} project${overdue.length === 1 ? ' is' : 's are'} past the expected end of their current stage.`
          : ''}
      </p>
      <div className="panel">
        <h3>Pipeline by stage</h3>
        <Chart
          name="projects-gantt"
          option={ganttOption}
          label={`Gantt chart of ${gantt.rows.length} projects' stages from ${list.asOf} to commissioning`}
          height={Math.max(220, 70 + gantt.rows.length * 42)}
        />
      </div>
      <table className="compare" aria-label="Projects: stage, dates and economics">
        <caption>Projects, stage, dates and economics</caption>
        <thead>
          <tr>
            <th scope="col">Project</th>
            <th scope="col">Country</th>
            <th scope="col">Stage</th>
            <th scope="col">Decision</th>
            <th scope="col" className="num">
              Capex
            </th>
            <th scope="col">Construction starts</th>
            <th scope="col">Operating from</th>
            <th scope="col" className="num">
              Cost of capital
            </th>
            <th scope="col" className="num">
              NPV
            </th>
            <th scope="col" className="num">
              IRR
            </th>
            <th scope="col" className="num">
              Payback (yr)
            </th>
          </tr>
        </thead>
        <tbody>
          {list.projects.map((row) => (
            <tr key={row.project}>
              <th scope="row" title={row.project}>
                {row.name ?? row.project}
              </th>
              <td>{row.jurisdiction}</td>
              <td>
                {row.status}
                {row.overdueDays > 0 ? (
                  <span className="error-text"> ({Math.round(row.overdueDays)} days overdue)</span>
                ) : null}
              </td>
              <td>{row.decision}</td>
              <td className="num">{formatUsd(row.capex)}</td>
              <td>
                {row.constructionStart ??
                  (row.status === 'construction' ||
                  row.status === 'commissioning' ||
                  row.status === 'operating'
                    ? 'started'
                    : '–')}
              </td>
              <td>{row.commissioning ?? 'operating'}</td>
              <td className="num">{formatShare(row.costOfCapital)}</td>
              <td className="num">{formatUsd(row.npv)}</td>
              <td className="num">{row.irr === undefined ? 'none' : formatShare(row.irr)}</td>
              <td className="num">{row.payback === undefined ? 'never' : row.payback.toFixed(1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="caption">
        NPV at each project's blended cost of capital; volumes are its added capacity × availability (the
        plan's utilisation when one is given to the API).
      </p>
      <div className="panel">
        <h3>Financing</h3>
        <Chart
          name="projects-financing"
          option={financingOption}
          label="Capital of each project by kind of source, with any unfunded gap"
          height={Math.max(200, 70 + financing.projects.length * 34)}
        />
        <table aria-label="Capital sources">
          <thead>
            <tr>
              <th scope="col">Project</th>
              <th scope="col">Source</th>
              <th scope="col">Kind</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col" className="num">
                Rate
              </th>
            </tr>
          </thead>
          <tbody>
            {details.flatMap((d) =>
              d.appraisal.costOfCapital.sources.map((source, index) => (
                <tr key={`${d.project.project}|${index}`}>
                  <td>{index === 0 ? (names.get(d.project.project) ?? d.project.project) : ''}</td>
                  <td>{source.source}</td>
                  <td>{source.kind}</td>
                  <td className="num">
                    {source.kind === 'price-floor' ? 'revenue support' : formatUsd(source.amount)}
                  </td>
                  <td className="num">{formatShare(source.rate)}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

type RenderApi = {
  value(dimension: number): number;
  coord(point: [number, number]): [number, number];
  size(point: [number, number]): [number, number];
};

function toGanttOption(gantt: Gantt, names: ReadonlyMap<string, string>): EChartsCoreOption {
  const day = 86_400_000;
  const order = Object.keys(STAGE_COLOURS);
  const stages = [...new Set(gantt.bars.map((b) => b.stage))].sort(
    (a, b) => order.indexOf(a) - order.indexOf(b),
  );
  return {
    grid: { left: 220, right: 30, top: 30, bottom: 40 },
    legend: { top: 0, data: [...stages, 'operating from'] },
    tooltip: {
      formatter: (params: {
        seriesName?: string;
        value?: number[];
        data?: { name?: string; value?: number[] };
      }) => {
        const value = params.data?.value ?? params.value ?? [];
        const date = (ms: number | undefined): string =>
          ms === undefined ? '' : new Date(ms).toISOString().slice(0, 10);
        if (params.seriesName === 'operating from')
          return `${params.data?.name ?? ''}: operating from ${date(value[0])}`;
        return `${params.data?.name ?? ''}: ${params.seriesName ?? ''} ${date(value[1])} → ${date(value[2])} (${Math.round(value[3] ?? 0)} days)`;
      },
    },
    xAxis: { type: 'time', min: gantt.min, max: gantt.max + 30 * day },
    yAxis: {
      type: 'category',
      inverse: true,
      data: gantt.rows.map((p) => names.get(p) ?? p),
      axisLabel: { width: 200, overflow: 'truncate' },
    },
    series: [
      ...stages.map((stage) => ({
        type: 'custom',
        name: stage,
        itemStyle: { color: STAGE_COLOURS[stage] ?? '#5d6d7e' },
        encode: { x: [1, 2], y: 0 },
        renderItem: (_params: unknown, api: RenderApi) => {
          const row = api.value(0);
          const start = api.coord([api.value(1), row]);
          const end = api.coord([api.value(2), row]);
          const height = api.size([0, 1])[1] * 0.55;
          return {
            type: 'rect',
            shape: { x: start[0], y: start[1] - height / 2, width: Math.max(2, end[0] - start[0]), height },
            style: { fill: STAGE_COLOURS[stage] ?? '#5d6d7e', opacity: 1 },
          };
        },
        data: gantt.bars
          .filter((b) => b.stage === stage)
          .map((b) => ({
            name: `${names.get(b.project) ?? b.project}${b.authority ? ` (${b.authority})` : ''}${b.state === 'current' ? ', under way' : ''}`,
            value: [b.row, b.start, b.end, b.days],
          })),
      })),
      {
        type: 'scatter',
        name: 'operating from',
        symbol: 'diamond',
        symbolSize: 14,
        itemStyle: { color: '#239b56', borderColor: '#17202a', borderWidth: 1 },
        data: gantt.milestones.map((m) => ({
          name: names.get(m.project) ?? m.project,
          value: [m.at, m.row],
        })),
      },
    ],
  };
}

const GOALS = [
  { value: 'cost', label: 'Least total cost' },
  { value: 'shortfall', label: 'Least unmet demand' },
  { value: 'dependence:CN', label: 'Least dependence on China' },
];

function Allocation({
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
