/**
 * Multi-tier exposure: the share of a consumer's supply of an element that passed through a
 * jurisdiction at any upstream stage (or at one stage), from an origin trace of the run's flows.
 */
import { expandElements, toDidYouMean } from '../../model/index.js';
import { RiskError } from '../errors.js';
import { describeSteps, type OriginTrace, type PathMix } from '../exposure.js';
import { checkParty, type RiskNetwork } from '../network.js';
import type { Metric, MetricRow } from '../types.js';

/** Who consumes: listed demands, the demands at one node, or every demand at nodes inside a jurisdiction. */
export interface Consumer {
  demands?: readonly string[];
  node?: string;
  jurisdiction?: string;
}

export interface ExposureOptions {
  consumer: Consumer;
  /** Elements or groups (NdPr, DyTb); each is reported as one row set. Default: every traced element. */
  elements?: readonly string[];
  /** Jurisdictions to report; every country a path passes through when omitted. */
  through?: readonly string[];
  /** How many of the heaviest paths to list (exposurePaths). Default 5. */
  top?: number;
}

export interface ExposureRow extends MetricRow {
  consumer: string;
  element: string;
  through: string;
  /** 'any' or the stage at which the element passed through. */
  stage: string;
  /** t REO-equivalent of the element that passed through. */
  tonnes: number;
  /** Share of the consumer's supply of the element, 0–1. */
  value: number;
}

export interface ExposurePathRow extends MetricRow {
  consumer: string;
  element: string;
  rank: number;
  /** `stage:country` steps, origin first, e.g. `mining:AU → separation:MY → magnet:JP`. */
  path: string;
  tonnes: number;
  value: number;
}

/**
 * The consumer an id names: a demand, a demand's node, a jurisdiction or a bloc (all demands of its
 * members); anything else is RISK_UNKNOWN_CONSUMER with the nearest id. The CLI and the API read
 * `--consumer` / `consumer=` with it.
 *
 * @example toConsumer(network, 'MSP') // { jurisdiction: 'MSP' }
 */
export function toConsumer(network: RiskNetwork, id: string): Consumer {
  if (network.model.demands.some((d) => d.id === id)) return { demands: [id] };
  if (network.facilities.has(id)) return { node: id };
  if (network.model.jurisdictions.some((j) => j.id === id) || network.blocs.has(id))
    return { jurisdiction: id };
  const known = [
    ...network.model.jurisdictions.map((j) => j.id),
    ...network.blocs,
    ...new Set(network.model.demands.map((d) => d.node)),
    ...network.model.demands.map((d) => d.id),
  ];
  throw new RiskError(
    'RISK_UNKNOWN_CONSUMER',
    `unknown consumer '${id}'; expected a demand id, a demand node, a jurisdiction or a bloc; ${toDidYouMean(id, known, 'jurisdictions, blocs, nodes and demands')}`,
  );
}

/** The demand ids a consumer stands for, and a label for it. */
export function resolveConsumer(
  network: RiskNetwork,
  consumer: Consumer,
): { label: string; demands: Set<string> } {
  const demands = new Set<string>();
  for (const d of network.model.demands) {
    const byList = consumer.demands?.includes(d.id) ?? false;
    const byNode = consumer.node !== undefined && d.node === consumer.node;
    const byJurisdiction =
      consumer.jurisdiction !== undefined &&
      network.tree.within(network.facilities.get(d.node)?.jurisdiction ?? '', consumer.jurisdiction);
    if (byList || byNode || byJurisdiction) demands.add(d.id);
  }
  const label = consumer.jurisdiction ?? consumer.node ?? [...(consumer.demands ?? [])].join('+');
  return { label, demands };
}

function receivedOf(trace: OriginTrace, demands: ReadonlySet<string>, name: string): PathMix {
  const out: PathMix = new Map();
  for (const element of expandElements([name])) {
    if (!trace.elements.includes(element)) continue;
    for (const [path, amount] of trace.received(demands, element))
      out.set(path, (out.get(path) ?? 0) + amount);
  }
  return out;
}

function elementNames(trace: OriginTrace, options: { elements?: readonly string[] | undefined }): string[] {
  return options.elements ? [...options.elements] : [...trace.elements];
}

/**
 * Exposure rows: for each element and jurisdiction J, the share of the consumer's supply whose path
 * has a step in J (stage 'any') and, per stage, a step of that stage in J. Shares lie in [0, 1].
 *
 * @example exposure(trace, network, { consumer: { jurisdiction: 'JP' }, elements: ['Dy'] })
 */
export function exposure(
  trace: OriginTrace,
  network: RiskNetwork,
  options: ExposureOptions,
): Metric<ExposureRow> {
  for (const through of options.through ?? []) checkParty(network, through, 'through');
  const { label, demands } = resolveConsumer(network, options.consumer);
  const values: ExposureRow[] = [];
  for (const element of elementNames(trace, options)) {
    const mix = receivedOf(trace, demands, element);
    let total = 0;
    for (const v of mix.values()) total += v;
    if (!(total > 0)) continue;
    const described = [...mix].map(([path, tonnes]) => ({
      tonnes,
      steps: describeSteps(trace.steps(path), network),
    }));
    const stages = [...new Set(described.flatMap((d) => d.steps.map((s) => s.stage)))];
    const targets = options.through
      ? [...options.through]
      : [...new Set(described.flatMap((d) => d.steps.map((s) => s.country)))].sort();
    for (const through of targets) {
      const inside = (jurisdiction: string): boolean => network.tree.within(jurisdiction, through);
      for (const stage of ['any', ...stages]) {
        let tonnes = 0;
        for (const d of described)
          if (d.steps.some((s) => (stage === 'any' || s.stage === stage) && inside(s.jurisdiction)))
            tonnes += d.tonnes;
        if (stage !== 'any' && tonnes <= 1e-9 * total) continue;
        values.push({ consumer: label, element, through, stage, tonnes, value: Math.min(1, tonnes / total) });
      }
    }
  }
  return {
    name: 'exposure',
    unit: 'share',
    description: 'share of the consumer’s supply of the element that passed through the jurisdiction',
    values,
  };
}

/**
 * The heaviest paths into the consumer, by the sequence of stages and countries they pass.
 *
 * @example exposurePaths(trace, network, { consumer: { node: 'eu-ev' }, elements: ['Nd'], top: 3 })
 */
export function exposurePaths(
  trace: OriginTrace,
  network: RiskNetwork,
  options: ExposureOptions,
): Metric<ExposurePathRow> {
  const { label, demands } = resolveConsumer(network, options.consumer);
  const top = options.top ?? 5;
  const values: ExposurePathRow[] = [];
  for (const element of elementNames(trace, options)) {
    const mix = receivedOf(trace, demands, element);
    const byRoute = new Map<string, number>();
    let total = 0;
    for (const [path, tonnes] of mix) {
      total += tonnes;
      const text = describeSteps(trace.steps(path), network)
        .map((s) => `${s.stage}:${s.country}`)
        .join(' → ');
      byRoute.set(text, (byRoute.get(text) ?? 0) + tonnes);
    }
    if (!(total > 0)) continue;
    [...byRoute]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .forEach(([path, tonnes], i) =>
        values.push({ consumer: label, element, rank: i + 1, path, tonnes, value: tonnes / total }),
      );
  }
  return {
    name: 'exposure-paths',
    unit: 'share',
    description: 'heaviest supply paths into the consumer',
    values,
  };
}
