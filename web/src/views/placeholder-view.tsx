/** Views whose API has not landed yet: say what they will show and what the server still needs. */
import { Empty } from '../components/status.js';

const PLANNED = {
  simulation: {
    title: 'Simulation',
    api: '/v1/simulations',
    what: 'Fan charts of fill rate and stockpile level (P5–P95) over Monte Carlo runs of a scenario, and the time to recover after a disruption.',
  },
  operations: {
    title: 'Operations',
    api: '/v1/live',
    what: 'The live network state with plan against actual, the alerts feed with acknowledgement, control charts with rule violations marked, and asset health with anomaly scores and remaining useful life.',
  },
  projects: {
    title: 'Projects',
    api: '/v1/projects',
    what: 'The pipeline of expansion projects by stage (a Gantt chart), their financing, and capital allocation results.',
  },
} as const;

export function PlaceholderView({ view, paths }: { view: keyof typeof PLANNED; paths: readonly string[] }) {
  const planned = PLANNED[view];
  const available = paths.some((path) => path.startsWith(planned.api));
  return (
    <section aria-labelledby="placeholder-title">
      <div className="view-head">
        <h2 id="placeholder-title">{planned.title}</h2>
      </div>
      <Empty
        title={
          available
            ? `The server now offers ${planned.api}; this view is next to be built.`
            : `${planned.title} is not available on this server yet.`
        }
      >
        <p>{planned.what}</p>
        <p>
          It lights up once the server offers <code>{planned.api}</code>
          {available ? '' : ' (not in its API description yet)'}.
        </p>
      </Empty>
    </section>
  );
}
