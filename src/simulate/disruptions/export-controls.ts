/**
 * Export controls from the model's policies: bans block covered lanes, caps limit the t REO of
 * listed elements per period, licences delay each shipment by a sampled time and refuse it with
 * probability 1 − approvalProbability (the material then returns to its source), as under
 * China's April 2025 controls (MOFCOM/GAC Ann. 18/2025: 45-day reviews, partial approvals).
 */
import {
  activePeriods,
  expandElements,
  isExportControlled,
  type ExportControlPolicy,
} from '../../model/core.js';
import type { Network } from '../network.js';
import type { SimulationOptions } from '../options.js';
import { sampleExponential, sampleLognormal, type Random } from '../../random.js';
import {
  countEvent,
  STREAM,
  type Admission,
  type Disruption,
  type Effects,
  type LaneGate,
  type RunContext,
} from './types.js';

interface CompiledControl {
  policy: ExportControlPolicy;
  /** Whether the control is in force at each measured step. */
  active: Uint8Array;
  /** For caps: t REO a period, the budget left, and the period it was last reset in. */
  capPerPeriod: number;
  left: number;
  period: number;
}

function delaySteps(
  random: Random,
  mean: number,
  spec: SimulationOptions['exportControls'],
  stepDays: number,
): number {
  const days =
    spec.delayShape === 'fixed'
      ? mean
      : spec.delayShape === 'exponential'
        ? sampleExponential(random, mean)
        : sampleLognormal(random, mean, spec.delayCv);
  return Math.round(days / stepDays);
}

function compileControls(net: Network): CompiledControl[] {
  const monthsPer = { month: 1, quarter: 3, year: 12 }[net.model.horizon.step];
  return net.model.policies
    .filter((p): p is ExportControlPolicy => p.kind === 'export-control')
    .map((policy) => {
      const [first, last] = activePeriods(net.model.horizon, policy);
      const active = Uint8Array.from({ length: net.steps }, (_, s) => {
        const t = net.periodOfStep[net.warmupSteps + s] ?? 0;
        return t >= first && t <= last ? 1 : 0;
      });
      return { policy, active, capPerPeriod: ((policy.cap ?? 0) * monthsPer) / 12, left: 0, period: -1 };
    });
}

function createGate(
  net: Network,
  context: RunContext,
  controls: CompiledControl[],
  reoPerTonne: number[],
  random: Random,
): LaneGate {
  const spec = context.options.exportControls;
  const budget = (c: CompiledControl, step: number): number => {
    const period = net.periodOfStep[net.warmupSteps + step] ?? 0;
    if (c.period !== period) {
      c.period = period;
      c.left = c.capPerPeriod;
    }
    return c.left;
  };
  return {
    canBlock: controls.some((c) => c.policy.mode !== 'license'),
    blocked(step) {
      for (let i = 0; i < controls.length; i++) {
        const c = controls[i] as CompiledControl;
        if (
          c.active[step] === 1 &&
          (c.policy.mode === 'ban' || (c.policy.mode === 'cap' && budget(c, step) <= 1e-9))
        )
          return true;
      }
      return false;
    },
    admit(tonnes: number, step: number, out: Admission) {
      for (let i = 0; i < controls.length; i++) {
        const c = controls[i] as CompiledControl;
        if (c.active[step] !== 1) continue;
        const reo = reoPerTonne[i] ?? 0;
        if (c.policy.mode === 'ban') out.tonnes = 0;
        else if (c.policy.mode === 'cap') {
          const allowed = reo > 0 ? budget(c, step) / reo : Infinity;
          out.tonnes = Math.min(out.tonnes, allowed);
          c.left -= out.tonnes * reo;
        } else {
          countEvent(context, 'licence-applications');
          const approved = random.next() < (c.policy.approvalProbability ?? spec.defaultApprovalProbability);
          if (!approved) countEvent(context, 'licence-refusals');
          out.approved &&= approved;
          out.delay = Math.max(
            out.delay,
            delaySteps(random, c.policy.licenseDelay ?? spec.defaultDelay, spec, net.stepDays),
          );
        }
      }
    },
  };
}

/** @example a scenario adding `{ kind: export-control, from: CN, elements: [Dy, Tb], mode: license, licenseDelay: 45d, approvalProbability: 0.6 }` */
export function createExportControls(): Disruption {
  return {
    name: 'export-controls',
    start(context) {
      const { net } = context;
      if (!context.options.exportControls.enabled) return undefined;
      const controls = compileControls(net);
      if (controls.length === 0) return undefined;
      const random = context.random(STREAM.licences);
      const gates = net.lanes.map((lane) => {
        const route = net.routes[lane.route];
        const material = net.model.materials[lane.material];
        if (!route || !material) return undefined;
        const movement = {
          from: net.nodeJurisdiction[route.from] ?? '',
          to: net.nodeJurisdiction[route.to] ?? '',
          material,
          content: net.contents.get(material.id) ?? {},
        };
        const covering = controls.filter((c) => isExportControlled(c.policy, movement, net.tree));
        if (covering.length === 0) return undefined;
        const reo = covering.map((c) =>
          expandElements(c.policy.elements).reduce((sum, e) => sum + (movement.content[e] ?? 0), 0),
        );
        return createGate(net, context, covering, reo, random);
      });
      let installed: Effects['gates'] | undefined;
      return {
        beforeStep(_step, fx) {
          // Gates persist for the run (the kernel never resets them): install them once.
          if (installed === fx.gates) return;
          for (let l = 0; l < gates.length; l++) fx.gates[l] = gates[l];
          installed = fx.gates;
        },
      };
    },
  };
}
