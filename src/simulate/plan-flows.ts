/** The plan tables the simulator reads: what plan-guided allocation follows. */
import type { FlowRow, PlanResult, SinkRow } from '../plan/index.js';

/** The plan tables plan-guided allocation reads (a PlanResult is one). */
export interface PlanFlows {
  periods: string[];
  flows: Pick<FlowRow, 'route' | 'material' | 'period' | 'tonnes'>[];
  sinks: Pick<SinkRow, 'sink' | 'node' | 'period' | 'tonnes'>[];
}

/** The part of a plan result the simulator needs, small enough to ship to workers and job queues. */
export function toPlanFlows(result: Pick<PlanResult, 'flows' | 'sinks' | 'periods'>): PlanFlows {
  return {
    periods: result.periods,
    flows: result.flows
      .filter((f) => f.tonnes > 0)
      .map(({ route, material, period, tonnes }) => ({ route, material, period, tonnes })),
    sinks: result.sinks
      .filter((k) => k.tonnes > 0)
      .map(({ sink, node, period, tonnes }) => ({ sink, node, period, tonnes })),
  };
}
