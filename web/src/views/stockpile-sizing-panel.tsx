/**
 * Stockpile sizing, in the Simulation view: choose the material, who holds it (a jurisdiction, whose
 * consumers are protected, or the holder of an existing stockpile), the fill rate to hold and in what
 * share of runs; the server searches the smallest level (POST /v1/stockpile-sizing, a job like a
 * simulation, progress in levels tried); then the level found in tonnes, the fill rate it reaches,
 * and every level tried. The scenario is the plan bar's, as for simulations.
 */
import { useMemo, useState } from 'react';
import { api } from '../api/client.js';
import type { Model, StockpileSizing, StockpileSizingJob } from '../api/types.js';
import { Chart } from '../components/chart.js';
import { Choice } from '../components/choice.js';
import type { EChartsCoreOption } from '../components/echarts.js';
import { JobLine } from '../components/job-line.js';
import { Empty, Failure } from '../components/status.js';
import type { ViewContext } from '../context.js';
import { offers, useJob, useJobStart } from '../hooks.js';
import { formatShare, formatTonnes } from '../lib/format.js';
import { toSizingOutcome, toSizingRequest, type SizingForm } from '../lib/simulation.js';

const FORM: SizingForm = {
  material: '',
  holder: '',
  node: '',
  target: '95',
  confidence: '95',
  runs: '50',
  days: '365',
  seed: '1',
  outageRate: '',
  maxLevel: '',
};

/** The model's materials, holders (existing stockpiles' holders first, then jurisdictions) and facilities to choose from. */
function sizingChoices(model: Model | undefined): {
  materials: string[];
  holders: string[];
  nodes: string[];
} {
  if (!model) return { materials: [], holders: [], nodes: [] };
  const stocked = model.stockpiles.map((s) => s.material);
  return {
    materials: [...new Set([...stocked, ...model.materials.map((m) => m.id)])],
    holders: [
      ...new Set([...model.stockpiles.map((s) => s.holder), ...model.jurisdictions.map((j) => j.id)]),
    ],
    nodes: model.facilities.map((f) => f.id).sort(),
  };
}

/** `value` when it is one of `options`, else the first option (the model changed, or nothing was chosen yet). */
const among = (value: string, options: readonly string[]): string =>
  options.includes(value) ? value : (options[0] ?? '');

export function StockpileSizingPanel({ context }: { context: ViewContext }) {
  if (context.paths.length > 0 && !offers(context.paths, '/v1/stockpile-sizing')) {
    return (
      <div className="panel">
        <h3>Stockpile sizing</h3>
        <Empty title="Stockpile sizing is not available on this server yet.">
          <p>
            It appears here once the server offers <code>POST /v1/stockpile-sizing</code>.
          </p>
        </Empty>
      </div>
    );
  }
  return <Sizing context={context} />;
}

function Sizing({ context }: { context: ViewContext }) {
  const { state, navigate, modelId } = context;
  const [typed, setTyped] = useState<SizingForm>(FORM);
  const job = useJob<StockpileSizingJob>(state.sizing, api.getSizing, (j) => j.links?.events);
  const choices = useMemo(
    () => sizingChoices(context.model.state === 'ok' ? context.model.value : undefined),
    [context.model],
  );
  const form = {
    ...typed,
    material: among(typed.material, choices.materials),
    holder: among(typed.holder, choices.holders),
    node: choices.nodes.includes(typed.node) ? typed.node : '',
  };
  const parsed = toSizingRequest(form);
  const set = (field: keyof SizingForm) => (value: string) =>
    setTyped((current) => ({ ...current, [field]: value }));
  const field = (
    name: keyof SizingForm,
    label: string,
    attributes: { min?: number; max?: number; step?: number | 'any'; placeholder?: string },
  ) => (
    <label className="field">
      {label}
      <input
        type="number"
        {...attributes}
        value={form[name]}
        onChange={(event) => set(name)(event.target.value)}
      />
    </label>
  );
  const request = 'request' in parsed ? parsed.request : undefined;
  const launch = useJobStart(
    modelId && request
      ? () =>
          api.startSizing({
            model: modelId,
            ...(state.scenario ? { scenario: state.scenario } : {}),
            ...request,
          })
      : undefined,
    (id) => navigate({ sizing: id }),
  );
  const running = launch.starting || job.job?.status === 'queued' || job.job?.status === 'running';
  const result = job.job?.status === 'succeeded' ? job.job.result : undefined;
  return (
    <div className="panel" data-testid="stockpile-sizing">
      <h3>Stockpile sizing</h3>
      <form className="filters" aria-label="Stockpile sizing" onSubmit={launch.submit}>
        <Choice
          label="Material"
          value={form.material}
          options={choices.materials}
          onChange={set('material')}
        />
        <Choice label="Holder" value={form.holder} options={choices.holders} onChange={set('holder')} />
        <Choice
          label="Held at"
          value={form.node}
          options={choices.nodes}
          all="its stockpile's node, else its first consumer"
          onChange={set('node')}
        />
        {field('target', 'Target fill rate (%)', { min: 0, max: 100, step: 'any' })}
        {field('confidence', 'In share of runs (%)', { min: 0, max: 100, step: 'any' })}
        {field('runs', 'Runs per level', { min: 1, max: 100000, step: 1 })}
        {field('days', 'Days', { min: 1, max: 3650, step: 1 })}
        {field('seed', 'Seed', { min: 0, step: 1 })}
        {field('outageRate', 'Outages per facility a year', {
          min: 0,
          step: 'any',
          placeholder: "scenario's",
        })}
        {field('maxLevel', 'Largest level (t)', { min: 0, step: 'any', placeholder: '10,000,000' })}
        <button type="submit" disabled={!modelId || running || !request}>
          {running ? 'Sizing…' : `Size the stockpile (${state.scenario ?? 'baseline'})`}
        </button>
      </form>
      {'problem' in parsed ? <p className="error-text">{parsed.problem}</p> : null}
      {launch.error ? <Failure what="the stockpile sizing" error={launch.error} /> : null}
      {job.error ? (
        <Failure what={`stockpile sizing ${state.sizing ?? ''}`} error={job.error}>
          {job.error.status === 404 ? <p>Sizings live in the server's memory; run it again.</p> : null}
        </Failure>
      ) : null}
      <JobLine noun="stockpile sizing" job={job.job} progress={job.progress} testId="sizing-status">
        {job.job?.input.runs} runs of {job.job?.input.days ?? 365} days at each level, seed{' '}
        {job.job?.input.seed}.
      </JobLine>
      {result ? <SizingResult sizing={result} /> : null}
      {!state.sizing && !launch.error ? (
        <p className="caption">
          The smallest stockpile of a material that keeps its holder's fill rate at the target in the chosen
          share of runs, under the scenario in the bar above (and the outage rate given): the level is doubled
          from 1 t until it holds, then bisected; every level runs the same seeds.
        </p>
      ) : null}
    </div>
  );
}

function SizingResult({ sizing }: { sizing: StockpileSizing }) {
  const outcome = useMemo(() => toSizingOutcome(sizing), [sizing]);
  const percentile = `P${outcome.percentile}`;
  const option = useMemo<EChartsCoreOption>(() => {
    const ends = [outcome.steps[0]?.level ?? 0, outcome.steps[outcome.steps.length - 1]?.level ?? 0];
    return {
      grid: { left: 70, right: 20, top: 30, bottom: 50 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatShare(v) },
      xAxis: { type: 'value', name: 'level, t', nameLocation: 'middle', nameGap: 28 },
      yAxis: {
        type: 'value',
        name: 'fill rate',
        scale: true,
        axisLabel: { formatter: (v: number) => formatShare(v) },
      },
      series: [
        {
          type: 'line',
          name: `fill rate at ${percentile} of runs`,
          data: outcome.steps.map((s) => [s.level, s.fillRate]),
          symbolSize: 6,
          itemStyle: { color: '#1f5f8b' },
        },
        {
          type: 'line',
          name: 'target',
          data: ends.map((level) => [level, sizing.target]),
          symbol: 'none',
          lineStyle: { type: 'dashed' },
          itemStyle: { color: '#d68910' },
        },
      ],
    };
  }, [outcome, percentile, sizing.target]);
  return (
    <>
      <dl className="kpis" data-testid="sizing-result">
        <div>
          <dt>{outcome.found ? 'Stockpile needed' : 'Not reached up to'}</dt>
          <dd>
            {formatTonnes(outcome.level)} of {sizing.material}
          </dd>
        </div>
        <div>
          <dt>Held by</dt>
          <dd>
            {sizing.holder} at {sizing.node}
          </dd>
        </div>
        <div>
          <dt>Fill rate reached ({percentile})</dt>
          <dd>{formatShare(outcome.fillRate)}</dd>
        </div>
        <div>
          <dt>Target</dt>
          <dd>
            {formatShare(sizing.target)} in {formatShare(sizing.confidence)} of runs
          </dd>
        </div>
        <div>
          <dt>Levels tried</dt>
          <dd>{outcome.steps.length}</dd>
        </div>
      </dl>
      <p className="caption">
        {outcome.found
          ? `${formatTonnes(outcome.level)} of ${sizing.material} at ${sizing.node} keeps ${sizing.holder}'s fill rate at ${formatShare(outcome.fillRate)} or more in ${formatShare(sizing.confidence)} of runs (the ${percentile} run), against a target of ${formatShare(sizing.target)}.`
          : `No level up to ${formatTonnes(outcome.level)} keeps ${sizing.holder}'s fill rate at ${formatShare(sizing.target)} in ${formatShare(sizing.confidence)} of runs; the ${percentile} run reaches ${formatShare(outcome.fillRate)} there. ${sizing.note ? `Why: ${sizing.note}.` : 'Allow a larger level, or lower the target.'}`}{' '}
        Demands protected: {sizing.demands.join(', ')}.
      </p>
      <Chart
        name="sizing-steps"
        option={option}
        label={`Fill rate of ${sizing.holder}'s demands at the ${percentile} run for each stockpile level tried, with the target`}
        height={300}
      />
    </>
  );
}
