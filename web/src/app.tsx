/**
 * The dashboard shell: the plan bar (model, scenario, run), the view tabs, and the selected view.
 * All state that matters is in the URL (lib/url-state.ts), so any screen can be shared as a link.
 */
import { useCallback, useState, type MouseEvent } from 'react';
import { api, toFailure, type ApiFailure } from './api/client.js';
import type { ViewContext } from './context.js';
import { useAsync, usePlanJobs, useViewState } from './hooks.js';
import { formatUsd } from './lib/format.js';
import { BASELINE, toSearch, withChanges, type View } from './lib/url-state.js';
import { MapView } from './views/map-view.js';
import { OperationsView } from './views/operations-view.js';
import { PlanView } from './views/plan-view.js';
import { ProjectsView } from './views/projects-view.js';
import { SankeyView } from './views/sankey-view.js';
import { ScenariosView } from './views/scenarios-view.js';
import { SimulationView } from './views/simulation-view.js';

const TABS: { view: View; label: string }[] = [
  { view: 'map', label: 'Map' },
  { view: 'sankey', label: 'Element flows' },
  { view: 'plan', label: 'Plan' },
  { view: 'scenarios', label: 'Scenarios & risk' },
  { view: 'simulation', label: 'Simulation' },
  { view: 'operations', label: 'Operations' },
  { view: 'projects', label: 'Projects' },
];

export function App() {
  const [state, navigate] = useViewState();
  const models = useAsync('models', api.listModels);
  const paths = useAsync('paths', api.listPaths);
  const modelId =
    state.model ?? (models.state === 'ok' ? (models.value.default ?? models.value.models[0]?.id) : undefined);
  const model = useAsync(modelId, () => api.getModelDocument(modelId ?? ''));
  const scenarios = useAsync(modelId, () => api.listScenarios(modelId ?? ''));
  const planJobs = usePlanJobs(state.plan ? [state.plan] : []);
  const plan = state.plan ? planJobs[state.plan] : undefined;
  const result = plan?.job?.status === 'succeeded' ? plan.job.result : undefined;
  const [startError, setStartError] = useState<ApiFailure | undefined>();
  const [starting, setStarting] = useState(false);

  const runPlan = useCallback(() => {
    if (!modelId) return;
    setStarting(true);
    setStartError(undefined);
    api
      .startPlan({ model: modelId, ...(state.scenario ? { scenario: state.scenario } : {}) })
      .then(
        (job) => navigate({ plan: job.id }),
        (error: unknown) => setStartError(toFailure(error)),
      )
      .finally(() => setStarting(false));
  }, [modelId, state.scenario, navigate]);

  const context: ViewContext = {
    state,
    navigate,
    modelId,
    model,
    scenarios,
    plan,
    result,
    runPlan,
    paths: paths.state === 'ok' ? paths.value : [],
    startError,
  };
  const running =
    starting || (plan?.job !== undefined && (plan.job.status === 'queued' || plan.job.status === 'running'));

  const onTab = (view: View) => (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate({ view });
  };

  return (
    <div className="app">
      <a className="skip" href="#main">
        Skip to the view
      </a>
      <header className="bar">
        <h1>
          reeflow <span className="subtitle">rare-earth value chain</span>
        </h1>
        <form
          className="plan-bar"
          aria-label="Plan"
          onSubmit={(event) => {
            event.preventDefault();
            runPlan();
          }}
        >
          <label className="field">
            Model
            <select
              value={modelId ?? ''}
              disabled={models.state !== 'ok'}
              onChange={(event) =>
                navigate({
                  model: event.target.value,
                  scenario: undefined,
                  plan: undefined,
                  compare: undefined,
                  runs: undefined,
                  period: undefined,
                })
              }
            >
              {models.state === 'ok' ? (
                models.value.models.map((m) => (
                  <option key={m.id} value={m.id} disabled={!m.valid}>
                    {m.name}
                    {m.valid ? '' : ' (has errors)'}
                  </option>
                ))
              ) : (
                <option value="">{models.state === 'error' ? 'unavailable' : 'loading…'}</option>
              )}
            </select>
          </label>
          <label className="field">
            Scenario
            <select
              value={state.scenario ?? BASELINE}
              disabled={scenarios.state !== 'ok'}
              onChange={(event) =>
                navigate({ scenario: event.target.value === BASELINE ? undefined : event.target.value })
              }
            >
              <option value={BASELINE}>Baseline (no scenario)</option>
              {scenarios.state === 'ok'
                ? scenarios.value.scenarios.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name ?? s.id}
                    </option>
                  ))
                : null}
            </select>
          </label>
          <button type="submit" disabled={!modelId || running}>
            {running ? 'Planning…' : 'Run plan'}
          </button>
          <PlanStatus context={context} />
        </form>
      </header>
      <nav className="tabs" aria-label="Views">
        {TABS.map((tab) => (
          <a
            key={tab.view}
            href={toSearch(withChanges(state, { view: tab.view }))}
            aria-current={state.view === tab.view ? 'page' : undefined}
            onClick={onTab(tab.view)}
          >
            {tab.label}
          </a>
        ))}
      </nav>
      <main id="main" tabIndex={-1}>
        {models.state === 'error' ? (
          <p className="state error" role="alert">
            Could not load the list of models. {models.error.message}
          </p>
        ) : null}
        <ViewSwitch context={context} />
      </main>
    </div>
  );
}

function ViewSwitch({ context }: { context: ViewContext }) {
  switch (context.state.view) {
    case 'map':
      return <MapView context={context} />;
    case 'sankey':
      return <SankeyView context={context} />;
    case 'plan':
      return <PlanView context={context} />;
    case 'scenarios':
      return <ScenariosView context={context} />;
    case 'operations':
      return <OperationsView context={context} />;
    case 'projects':
      return <ProjectsView context={context} />;
    case 'simulation':
      return <SimulationView context={context} />;
  }
}

/** One line saying what the selected plan is doing or did. */
function PlanStatus({ context }: { context: ViewContext }) {
  const { plan, startError, state } = context;
  let text = 'No plan yet: choose a scenario and run a plan.';
  let tone = 'idle';
  if (startError) {
    text = `Could not start the plan: ${startError.message}`;
    tone = 'error';
  } else if (plan?.error) {
    text =
      plan.error.status === 404
        ? `Plan ${plan.id} is no longer on the server; run it again.`
        : `Plan ${plan.id}: ${plan.error.message}`;
    tone = 'error';
  } else if (plan && !plan.job) {
    text = `Loading plan ${plan.id}…`;
  } else if (plan?.job) {
    const job = plan.job;
    const scenario = job.input.scenario ?? 'baseline';
    if (job.status === 'queued') text = `Plan ${job.id} (${scenario}) is queued…`;
    else if (job.status === 'running')
      text = `Plan ${job.id} (${scenario}): ${plan.progress ? `${plan.progress.phase}${plan.progress.detail ? ` — ${plan.progress.detail}` : ''}` : 'starting'}…`;
    else if (job.status === 'succeeded' && job.result) {
      const r = job.result;
      text = `Plan ${job.id} (${scenario}): ${r.status}, total cost ${formatUsd(r.costs.total)}`;
      tone = r.status === 'optimal' ? 'ok' : 'warn';
    } else if (job.status === 'failed') {
      text = `Plan ${job.id} (${scenario}) failed: ${job.error?.message ?? 'no reason given'}`;
      tone = 'error';
    } else text = `Plan ${job.id} (${scenario}) was cancelled.`;
    if (job.input.scenario !== state.scenario && job.status === 'succeeded')
      text += ' — scenario changed since; run again to update.';
  }
  return (
    <p className={`plan-status ${tone}`} role="status" aria-live="polite" data-testid="plan-status">
      {text}
    </p>
  );
}
