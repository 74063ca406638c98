/** Coded errors of the simulator: bad options, unknown ids, a plan that does not fit the model. */
import { CodedError } from '../coded-error.js';
import { toDidYouMean, type Model } from '../model/core.js';
import { simulationOptionsSchema, type SimulationOptions, type SimulationOptionsInput } from './options.js';

/** The simulator's codes and what each means. */
export const SIMULATION_ERRORS = {
  SIM_BAD_OPTION: 'A simulation option is out of range or of the wrong type.',
  SIM_UNKNOWN_ID:
    'An option names a facility, route, demand, material, holder or jurisdiction the model lacks.',
  SIM_NO_PLAN: 'Plan-guided allocation needs a plan with flows, and there is none.',
  SIM_NO_STOCKPILE_TARGET: 'The stockpile holder has no demand to protect.',
  SIM_WORKER_FAILED: 'A simulation worker thread failed.',
  SIM_CANCELLED: 'The simulation was cancelled before it finished.',
} as const;
export type SimulationErrorCode = keyof typeof SIMULATION_ERRORS;

/**
 * A coded error of the simulator: bad options, unknown ids, a plan that does not fit the model.
 *
 * @example throw new SimulationError('SIM_BAD_OPTION', 'runs must be a whole number ≥ 1; got 0');
 */
export class SimulationError extends CodedError<SimulationErrorCode> {
  override readonly name = 'SimulationError';
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
