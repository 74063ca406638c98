/**
 * Every reference to another component must name one that exists: `REF_UNKNOWN`, with a
 * did-you-mean fix ("route r12: unknown facility 'baotou-sep'; did you mean 'baotou-separation'?").
 */
import type { Model } from '../model.js';
import type { Issue, IssuePath } from '../issues.js';
import type { Process } from '../components/process.js';
import type { Scope } from '../components/common.js';
import type { Scenario } from '../components/scenario.js';
import { MATERIAL_KINDS } from '../components/material.js';
import { toUnknownRef, type CheckContext } from './context.js';

/** One reference found in the model: where, what it says, and what it must name. */
interface Ref {
  path: IssuePath;
  value: string;
  candidates: readonly string[];
  noun: string;
}

function findUnknown(refs: readonly Ref[]): Issue[] {
  return refs
    .filter((ref) => !ref.candidates.includes(ref.value))
    .map((ref) => toUnknownRef(ref.path, ref.value, ref.candidates, ref.noun));
}

function processRefs(process: Process, path: IssuePath, materials: readonly string[]): Ref[] {
  const refs: Ref[] = [];
  const material = (p: IssuePath, value: string): void =>
    void refs.push({ path: p, value, candidates: materials, noun: 'material' });
  for (const key of Object.keys(process.inputs)) material([...path, 'inputs', key], key);
  for (const key of Object.keys(process.outputs)) material([...path, 'outputs', key], key);
  const separation = process.separation;
  if (separation) {
    material([...path, 'separation', 'feed'], separation.feed);
    for (const key of Object.keys(separation.products))
      material([...path, 'separation', 'products', key], key);
    if (separation.rest !== undefined) material([...path, 'separation', 'rest'], separation.rest);
  }
  return refs;
}

function scopeRefs(scope: Scope, path: IssuePath, context: CheckContext): Ref[] {
  const refs: Ref[] = [];
  if (scope.jurisdiction !== undefined) {
    refs.push({
      path: [...path, 'jurisdiction'],
      value: scope.jurisdiction,
      candidates: context.ids.jurisdictions,
      noun: 'jurisdiction',
    });
  }
  (scope.facilities ?? []).forEach((value, k) =>
    refs.push({
      path: [...path, 'facilities', k],
      value,
      candidates: context.ids.facilities,
      noun: 'facility',
    }),
  );
  return refs;
}

/** Jurisdiction ids and the blocs they declare: what a party reference may name. */
function partiesOf(model: Model, context: CheckContext): string[] {
  return [...context.ids.jurisdictions, ...new Set(model.jurisdictions.flatMap((j) => j.blocs))];
}

function policyRefs(model: Model, context: CheckContext): Ref[] {
  const refs: Ref[] = [];
  const jurisdiction = (path: IssuePath, value: string): void =>
    void refs.push({ path, value, candidates: context.ids.jurisdictions, noun: 'jurisdiction' });
  // Export controls, share caps and offtakes may name a bloc where they name a jurisdiction.
  const parties = partiesOf(model, context);
  const party = (path: IssuePath, value: string): void =>
    void refs.push({ path, value, candidates: parties, noun: 'jurisdiction or bloc' });
  const materialOrKind = [...context.ids.materials, ...MATERIAL_KINDS];
  const materials = (at: IssuePath, values: readonly string[] | undefined): void =>
    (values ?? []).forEach((value, k) =>
      refs.push({
        path: [...at, 'materials', k],
        value,
        candidates: materialOrKind,
        noun: 'material or material kind',
      }),
    );
  model.policies.forEach((policy, i) => {
    const at: IssuePath = ['policies', i];
    switch (policy.kind) {
      case 'quota':
      case 'emission-cap':
      case 'carbon-price':
        refs.push(...scopeRefs(policy.scope, [...at, 'scope'], context));
        break;
      case 'export-control':
        party([...at, 'from'], policy.from);
        (policy.to ?? []).forEach((value, k) => party([...at, 'to', k], value));
        policy.exempt.forEach((value, k) => party([...at, 'exempt', k], value));
        materials(at, policy.materials);
        break;
      case 'share-cap':
        party([...at, 'through'], policy.through);
        if (policy.consumer.jurisdiction !== undefined)
          party([...at, 'consumer', 'jurisdiction'], policy.consumer.jurisdiction);
        (policy.consumer.demands ?? []).forEach((value, k) =>
          refs.push({
            path: [...at, 'consumer', 'demands', k],
            value,
            candidates: context.ids.demands,
            noun: 'demand',
          }),
        );
        break;
      case 'tariff':
        if (policy.from !== undefined) jurisdiction([...at, 'from'], policy.from);
        jurisdiction([...at, 'to'], policy.to);
        materials(at, policy.materials);
        break;
      case 'offtake':
        refs.push({
          path: [...at, 'from'],
          value: policy.from,
          candidates: [...context.ids.facilities, ...context.ids.jurisdictions],
          noun: 'facility or jurisdiction',
        });
        party([...at, 'to'], policy.to);
        materials(at, policy.materials);
        break;
      case 'budget':
        (policy.projects ?? []).forEach((value, k) =>
          refs.push({
            path: [...at, 'projects', k],
            value,
            candidates: context.ids.projects,
            noun: 'project',
          }),
        );
        break;
    }
  });
  return refs;
}

function outageRefs(
  outages: readonly { facility: string; process?: string | undefined }[],
  path: IssuePath,
  context: CheckContext,
): Ref[] {
  return outages.flatMap((outage, i): Ref[] => {
    const refs: Ref[] = [
      {
        path: [...path, i, 'facility'],
        value: outage.facility,
        candidates: context.ids.facilities,
        noun: 'facility',
      },
    ];
    const processes = context.processIds.get(outage.facility);
    if (outage.process !== undefined && processes) {
      refs.push({
        path: [...path, i, 'process'],
        value: outage.process,
        candidates: processes,
        noun: `process of facility '${outage.facility}'`,
      });
    }
    return refs;
  });
}

/**
 * The references of one scenario: `extends`, `remove` ids, `projects` keys, `demandMultiplier`
 * keys and its outages, against the model it is applied to (its parent's result when it extends
 * one). `applyScenario` reports them; `checkScenarios` carries them into `checkModel`.
 */
export function checkScenarioRefs(
  model: Model,
  context: CheckContext,
  scenario: Scenario,
  at: IssuePath,
): Issue[] {
  const refs: Ref[] = [];
  if (scenario.extends !== undefined) {
    refs.push({
      path: [...at, 'extends'],
      value: scenario.extends,
      candidates: context.ids.scenarios,
      noun: 'scenario',
    });
  }
  for (const [table, ids] of Object.entries(scenario.remove)) {
    const rows = (model as unknown as Record<string, unknown>)[table];
    if (!Array.isArray(rows) || table === 'outages') continue; // unknown tables: SCENARIO_PATH_UNKNOWN in applyScenario
    const candidates = rows.map((row: { id?: unknown }) => String(row.id));
    ids.forEach((value, k) =>
      refs.push({ path: [...at, 'remove', table, k], value, candidates, noun: `id in ${table}` }),
    );
  }
  for (const key of Object.keys(scenario.projects)) {
    refs.push({
      path: [...at, 'projects', key],
      value: key,
      candidates: context.ids.projects,
      noun: 'project',
    });
  }
  if (typeof scenario.demandMultiplier === 'object') {
    const candidates = [...context.ids.demands, ...context.ids.materials, ...context.ids.jurisdictions];
    for (const key of Object.keys(scenario.demandMultiplier)) {
      refs.push({
        path: [...at, 'demandMultiplier', key],
        value: key,
        candidates,
        noun: 'demand, material or jurisdiction',
      });
    }
  }
  refs.push(...outageRefs(scenario.outages, [...at, 'outages'], context));
  return findUnknown(refs);
}

/** Checks every id reference of the model; scenario references are checked as each is applied. */
export function checkUnknownRefs(model: Model, context: CheckContext): Issue[] {
  const { ids } = context;
  const refs: Ref[] = [];
  // Only unknown references are kept: a 700,000-row routes table would otherwise hold three refs a row.
  const push = (path: IssuePath, value: string, candidates: readonly string[], noun: string): void => {
    if (!candidates.includes(value)) refs.push({ path, value, candidates, noun });
  };

  model.jurisdictions.forEach((j, i) => {
    if (j.parent !== undefined)
      push(['jurisdictions', i, 'parent'], j.parent, ids.jurisdictions, 'jurisdiction');
  });
  model.materials.forEach((m, i) => {
    if (m.distribution !== undefined)
      push(['materials', i, 'distribution'], m.distribution, ids.distributions, 'distribution');
  });
  model.facilities.forEach((f, i) => {
    push(['facilities', i, 'jurisdiction'], f.jurisdiction, ids.jurisdictions, 'jurisdiction');
    for (const key of Object.keys(f.storage))
      push(['facilities', i, 'storage', key], key, ids.materials, 'material');
    f.processes.forEach((p, j) =>
      refs.push(...processRefs(p, ['facilities', i, 'processes', j], ids.materials)),
    );
  });
  model.routes.forEach((r, i) => {
    push(['routes', i, 'from'], r.from, ids.facilities, 'facility');
    push(['routes', i, 'to'], r.to, ids.facilities, 'facility');
    (r.materials ?? []).forEach((m, k) => push(['routes', i, 'materials', k], m, ids.materials, 'material'));
  });
  model.demands.forEach((d, i) => {
    push(['demands', i, 'node'], d.node, ids.facilities, 'facility');
    push(['demands', i, 'material'], d.material, ids.materials, 'material');
    d.substitutes.forEach((s, k) =>
      push(['demands', i, 'substitutes', k, 'material'], s.material, ids.materials, 'material'),
    );
  });
  model.sinks.forEach((s, i) => {
    if (s.node !== undefined) push(['sinks', i, 'node'], s.node, ids.facilities, 'facility');
    push(['sinks', i, 'material'], s.material, ids.materials, 'material');
  });
  const parties = partiesOf(model, context);
  model.stockpiles.forEach((s, i) => {
    push(['stockpiles', i, 'node'], s.node, ids.facilities, 'facility');
    push(['stockpiles', i, 'material'], s.material, ids.materials, 'material');
    (s.releaseTo ?? []).forEach((p, k) =>
      push(['stockpiles', i, 'releaseTo', k], p, parties, 'jurisdiction or bloc'),
    );
  });
  refs.push(...policyRefs(model, context));
  model.projects.forEach((p, i) => {
    push(['projects', i, 'facility'], p.facility, ids.facilities, 'facility');
    if (p.process) refs.push(...processRefs(p.process, ['projects', i, 'process'], ids.materials));
    const processes = context.processIds.get(p.facility);
    if (p.expands && processes) {
      push(
        ['projects', i, 'expands', 'process'],
        p.expands.process,
        processes,
        `process of facility '${p.facility}'`,
      );
    }
    if (p.route) push(['projects', i, 'route', 'id'], p.route.id, ids.routes, 'route');
  });
  refs.push(...outageRefs(model.outages, ['outages'], context));
  return findUnknown(refs);
}
