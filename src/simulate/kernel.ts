/**
 * The simulation kernel: one time step moves material through the network. Behaviour lives in the
 * phases (phases.ts), the allocation policy (policies/) and the disruptions (disruptions/); the
 * kernel only orders them. A step is a day (or a week); all rates are per step.
 */
import type { Network } from './network.js';
import { arrive, assess, produce, rebuild, record, release, serve, ship } from './phases.js';
import type { DisruptionRun } from './disruptions/types.js';
import type { AllocationPolicy } from './policies/types.js';
import type { KernelState } from './state.js';

export interface KernelSettings {
  policy: AllocationPolicy;
  /** Steps of requirement a node orders up to (pro-rata and priority policies). */
  coverSteps: number;
  /** Daily fill rate below which a demand counts as not recovered. */
  threshold: number;
}

/** One step: disruptions set the effects, then arrivals → release → produce → serve → rebuild → ship → record. */
export function step(
  net: Network,
  st: KernelState,
  settings: KernelSettings,
  disruptions: readonly DisruptionRun[],
): void {
  const period = net.periodOfStep[st.step] ?? 0;
  const fx = st.effects;
  fx.availability.fill(1);
  fx.routeOpen.fill(1);
  fx.demandScale.fill(1);
  if (st.measuring) for (const d of disruptions) d.beforeStep(st.step - net.warmupSteps, fx);
  assess(net, st, period, settings.policy.keepSteps);
  arrive(st);
  release(net, st);
  produce(net, st, period);
  serve(net, st, period, settings.threshold);
  rebuild(net, st);
  ship(net, st, settings.policy, period, settings.coverSteps);
  record(net, st);
  st.step++;
}

/** Runs steps until `until` (an absolute step). */
export function runUntil(
  net: Network,
  st: KernelState,
  settings: KernelSettings,
  disruptions: readonly DisruptionRun[],
  until: number,
): void {
  while (st.step < until) step(net, st, settings, disruptions);
}
