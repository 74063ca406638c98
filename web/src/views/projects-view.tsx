/**
 * Projects: the pipeline of expansion projects as a Gantt (stages under way and ahead, expected
 * commissioning), their economics (cost of capital, NPV, IRR, payback), how each is financed, and
 * a capital allocation run from the page (which projects best serve a goal under a budget).
 */
import { useMemo } from 'react';
import { api } from '../api/client.js';
import type { ProjectDetail, ProjectList } from '../api/types.js';
import { Chart } from '../components/chart.js';
import type { EChartsCoreOption } from '../components/echarts.js';
import { Empty, Failure, Loading } from '../components/status.js';
import type { ViewContext } from '../context.js';
import { offers, useAsync } from '../hooks.js';
import { formatShare, formatUsd } from '../lib/format.js';
import { inRowOrder, npvNotes, toFinancingStack, toGantt, type Gantt } from '../lib/projects.js';
import { PlaceholderView } from './placeholder-view.js';
import { Allocation } from './project-allocation.js';

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
  const gantt = useMemo(
    () =>
      toGantt(
        loaded.details.map((d) => d.pipeline),
        loaded.list.asOf,
      ),
    [loaded],
  );
  // The table and the financing follow the Gantt's rows (by commissioning), so a project sits at one height everywhere.
  const { list, details } = useMemo(
    () => ({
      list: { ...loaded.list, projects: inRowOrder(loaded.list.projects, (r) => r.project, gantt.rows) },
      details: inRowOrder(loaded.details, (d) => d.project.project, gantt.rows),
    }),
    [loaded, gantt.rows],
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
      {npvNotes(list.projects, list.currency).map((note, index) => (
        <p className="caption" key={index}>
          {note}
        </p>
      ))}
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
      axisLabel: { width: 200, overflow: 'break', lineHeight: 13 },
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
