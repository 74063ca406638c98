/** Coded errors of the simulator: bad options, unknown ids, a plan that does not fit the model. */
import { toDidYouMean } from '../model/suggest.js';
import { simulationOptionsSchema, type SimulationOptions, type SimulationOptionsInput } from './options.js';
import type { Model } from '../model/model.js';

/** Codes: SIM_BAD_OPTION, SIM_UNKNOWN_ID, SIM_NO_PLAN, SIM_NO_STOCKPILE_TARGET, SIM_WORKER_FAILED, SIM_CANCELLED, SIM_QUEUE_*. */
export class SimulationError extends Error {
  override readonly name = 'SimulationError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Parses options, reporting every problem at once as SIM_BAD_OPTION. */
export function parseSimulationOptions(input: SimulationOptionsInput = {}): SimulationOptions {
  const parsed = simulationOptionsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`,
  );
  throw new SimulationError('SIM_BAD_OPTION', `bad simulation options: ${problems.join('; ')}`);
}

/** Throws SIM_UNKNOWN_ID when options name facilities, routes or demands the model lacks. */
export function checkOptionRefs(model: Model, options: SimulationOptions): void {
  const facilities = model.facilities.map((f) => f.id);
  const routes = model.routes.map((r) => r.id);
  const demandsOrMaterials = [...model.demands.map((d) => d.id), ...model.materials.map((m) => m.id)];
  const problems: string[] = [];
  const expect = (
    values: readonly string[] | undefined,
    known: readonly string[],
    noun: string,
    where: string,
  ): void => {
    for (const value of values ?? [])
      if (!known.includes(value))
        problems.push(`${where}: unknown ${noun} '${value}'; ${toDidYouMean(value, known, noun)}`);
  };
  expect(options.outages.facilities, facilities, 'facility', 'outages.facilities');
  expect(
    options.outages.predicted.map((p) => p.facility),
    facilities,
    'facility',
    'outages.predicted',
  );
  expect(options.routeClosures.routes, routes, 'route', 'routeClosures.routes');
  expect(options.demandSurges.demands, demandsOrMaterials, 'demand or material', 'demandSurges.demands');
  for (const [i, d] of options.recovery.dependencies.entries()) {
    expect([d.facility, d.on], facilities, 'facility', `recovery.dependencies.${i}`);
  }
  expect(
    options.priority,
    model.jurisdictions.map((j) => j.id),
    'jurisdiction',
    'priority',
  );
  if (problems.length > 0) throw new SimulationError('SIM_UNKNOWN_ID', problems.join('; '));
}
