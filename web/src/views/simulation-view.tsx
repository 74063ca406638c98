/**
 * Simulation: run a Monte Carlo of the chosen scenario from the page (progress over server-sent
 * events), then fan charts over time (P5–P95 band and median per week) of the system's fill rate,
 * a chosen demand's fill rate and stockpile levels; across demands and stockpiles, the whole-run
 * fill rate and minimum level; the representative run's fill rate and stockpile levels by period,
 * and time to recover. Below them, stockpile sizing (stockpile-sizing-panel.tsx).
 */
import { useState } from 'react';
import { api } from '../api/client.js';
import type { SimulationJob } from '../api/types.js';
import { JobLine } from '../components/job-line.js';
import { Empty, Failure } from '../components/status.js';
import type { ViewContext } from '../context.js';
import { offers, useJob, useJobStart } from '../hooks.js';
import { PlaceholderView } from './placeholder-view.js';
import { SimulationResult } from './simulation-result.js';
import { StockpileSizingPanel } from './stockpile-sizing-panel.js';

export function SimulationView({ context }: { context: ViewContext }) {
  const { paths } = context;
  if (paths.length > 0 && !offers(paths, '/v1/simulations'))
    return <PlaceholderView view="simulation" paths={paths} />;
  return <Simulation context={context} />;
}

function Simulation({ context }: { context: ViewContext }) {
  const { state, navigate, modelId } = context;
  const [runs, setRuns] = useState('100');
  const [days, setDays] = useState('365');
  const [seed, setSeed] = useState('1');
  const job = useJob<SimulationJob>(state.simulation, api.getSimulation, (j) => j.links?.events);
  const numbers = { runs: Number(runs), days: Number(days), seed: Number(seed) };
  const invalid =
    !(Number.isInteger(numbers.runs) && numbers.runs >= 1 && numbers.runs <= 100_000) ||
    !(Number.isInteger(numbers.days) && numbers.days >= 1 && numbers.days <= 3650) ||
    !(Number.isInteger(numbers.seed) && numbers.seed >= 0);
  const launch = useJobStart(
    modelId && !invalid
      ? () =>
          api.startSimulation({
            model: modelId,
            ...(state.scenario ? { scenario: state.scenario } : {}),
            ...numbers,
          })
      : undefined,
    (id) => navigate({ simulation: id }),
  );
  const running = launch.starting || job.job?.status === 'queued' || job.job?.status === 'running';
  const result = job.job?.status === 'succeeded' ? job.job.result : undefined;
  return (
    <section aria-labelledby="simulation-title">
      <div className="view-head">
        <h2 id="simulation-title">Simulation</h2>
      </div>
      <form className="filters" aria-label="Monte Carlo simulation" onSubmit={launch.submit}>
        <label className="field">
          Runs
          <input
            type="number"
            min={1}
            max={100000}
            step={1}
            value={runs}
            onChange={(event) => setRuns(event.target.value)}
          />
        </label>
        <label className="field">
          Days
          <input
            type="number"
            min={1}
            max={3650}
            step={1}
            value={days}
            onChange={(event) => setDays(event.target.value)}
          />
        </label>
        <label className="field">
          Seed
          <input
            type="number"
            min={0}
            step={1}
            value={seed}
            onChange={(event) => setSeed(event.target.value)}
          />
        </label>
        <button type="submit" disabled={!modelId || running || invalid}>
          {running ? 'Simulating…' : `Run simulation (${state.scenario ?? 'baseline'})`}
        </button>
      </form>
      {invalid ? (
        <p className="error-text">
          Runs must be a whole number from 1 to 100,000, days from 1 to 3,650, and the seed a whole number 0
          or more.
        </p>
      ) : null}
      {launch.error ? <Failure what="the simulation" error={launch.error} /> : null}
      {job.error ? (
        <Failure what={`simulation ${state.simulation ?? ''}`} error={job.error}>
          {job.error.status === 404 ? <p>Simulations live in the server's memory; run it again.</p> : null}
        </Failure>
      ) : null}
      <JobLine noun="simulation" job={job.job} progress={job.progress} testId="simulation-status">
        {job.job?.result?.runs ?? job.job?.input.runs} runs of {job.job?.result?.days ?? job.job?.input.days}{' '}
        days, seed {job.job?.result?.seed ?? job.job?.input.seed}, allocation{' '}
        {job.job?.result?.allocation ?? '–'}.
      </JobLine>
      {result ? (
        <SimulationResult
          result={result}
          demand={state.demand}
          stockpile={state.stockpile}
          navigate={navigate}
        />
      ) : null}
      {!state.simulation && !launch.error ? (
        <Empty title="No simulation yet.">
          <p>
            Choose a scenario in the bar above (disruptions such as export bans and outages come from it), set
            the number of runs and run a simulation: fill rate and stockpile fans, and the time to recover,
            appear here.
          </p>
        </Empty>
      ) : null}
      <StockpileSizingPanel context={context} />
    </section>
  );
}
