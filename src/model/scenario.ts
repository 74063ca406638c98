/**
 * Scenarios: named overlays on the base model. `applyScenario` returns a new model (the input is
 * never mutated) with the overlay applied in the documented order (extends, set, remove, add,
 * demandMultiplier, outages, projects), re-parsed through `modelSchema` so set and added values
 * get the same unit conversion and defaults as the base, and checked like the base.
 */
import type { z } from 'zod';
import { modelSchema, TABLES, type Model } from './model.js';
import type { Issue, IssuePath } from './issues.js';
import type { Scenario } from './components/scenario.js';
import { suggest, toDidYouMean } from './suggest.js';
import { createJurisdictionTree, type JurisdictionTree } from './derive.js';
import { createCheckContext, toIssue } from './checks/context.js';
import { checkScenarioRefs } from './checks/check-unknown-refs.js';
import { runChecks } from './checks/checks.js';
import { fromZodIssues } from './load/zod-issues.js';

/** The result of applying a scenario: the new model (absent when the overlay cannot be applied) and every issue. */
export interface ScenarioResult {
  model?: Model;
  issues: Issue[];
}

type Json = Record<string, unknown>;
type Container = Json | unknown[];

interface SetTarget {
  container: Container;
  key: string | number;
  /** The path of the target in the model, e.g. `['policies', 0, 'mode']`. */
  path: (string | number)[];
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The longest candidate that is `rest` itself or a dotted prefix of it (ids may contain dots). */
function matchPrefix(rest: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const candidate of candidates) {
    if ((rest === candidate || rest.startsWith(`${candidate}.`)) && candidate.length > (best?.length ?? -1))
      best = candidate;
  }
  return best;
}

/**
 * Resolves a dotted `set` path against the raw model: table rows are addressed by id (or index
 * when they have none), objects by key; the last key of an object may be new (a field not yet
 * given). Returns the candidates at the failing step when nothing matches.
 */
function resolveSetPath(root: Json, dotted: string): SetTarget | { failed: string; candidates: string[] } {
  let node: unknown = root;
  let rest = dotted;
  const path: (string | number)[] = [];
  for (;;) {
    const segment = rest.split('.')[0] ?? rest;
    let key: string | number | undefined;
    let matched = '';
    let candidates: string[] = [];
    if (Array.isArray(node)) {
      candidates = node.map((row: unknown, i) =>
        isObject(row) && typeof row['id'] === 'string' ? row['id'] : String(i),
      );
      const id = matchPrefix(rest, candidates);
      if (id !== undefined) {
        key = candidates.indexOf(id);
        matched = id;
      }
    } else if (isObject(node)) {
      candidates = Object.keys(node);
      const field = matchPrefix(rest, candidates);
      if (field !== undefined) {
        key = field;
        matched = field;
      } else if (!rest.includes('.')) {
        return { container: node, key: rest, path: [...path, rest] };
      }
    }
    if (key === undefined) return { failed: segment, candidates };
    path.push(key);
    if (rest === matched) return { container: node as Container, key, path };
    node = (node as Record<string | number, unknown>)[key];
    rest = rest.slice(matched.length + 1);
  }
}

/** Where in a scenario a raw value came from, to point schema errors at the scenario line. */
interface Provenance {
  prefix: IssuePath;
  at: IssuePath;
  /** True for a `set` entry (its prefix is the field it sets). */
  set: boolean;
}

function startsWith(path: IssuePath, prefix: IssuePath): boolean {
  return prefix.every((part, i) => path[i] === part);
}

/**
 * Maps the schema's issues on the overlaid raw model (through the loader's mapper, so messages
 * and codes match a file's) back to the scenario entries that wrote the values; a field set that
 * the component does not have is a `SCENARIO_PATH_UNKNOWN`.
 */
function toScenarioIssues(
  zodIssues: readonly z.core.$ZodIssue[],
  raw: Json,
  scenario: Scenario,
  sources: readonly Provenance[],
): Issue[] {
  return fromZodIssues(zodIssues, raw).map((issue) => {
    const source = [...sources].reverse().find((s) => startsWith(issue.path, s.prefix));
    const path = source ? [...source.at, ...issue.path.slice(source.prefix.length)] : issue.path;
    const unknownField =
      issue.code === 'SCHEMA_UNKNOWN_FIELD' &&
      source?.set === true &&
      issue.path.length === source.prefix.length;
    const message = `scenario '${scenario.id}': ${issue.message}`;
    return toIssue(
      unknownField ? 'SCENARIO_PATH_UNKNOWN' : issue.code,
      issue.severity,
      path,
      message,
      issue.fix,
    );
  });
}

/**
 * The raw model a scenario edits: a shallow copy of `current` that shares every value until it is
 * written. `own(path)` copies only the lists and objects on the way to a changed field, and marks its
 * top-level key as touched; only touched keys are parsed again, so a scenario that sets one sink
 * never copies or re-parses a 500,000-row routes table.
 */
interface Overlay {
  raw: Json;
  touched: Set<string>;
  /** The container at `path` without its last key, copied on the way down so writing into it never reaches `current`. */
  own(path: readonly (string | number)[]): Container;
  /** Replaces a whole top-level value (a table after remove or add). */
  put(key: string, value: unknown[]): void;
}

function createOverlay(current: Model): Overlay {
  const raw: Json = { ...current };
  const touched = new Set<string>();
  const fresh = new WeakSet<object>([raw]);
  return {
    raw,
    touched,
    own(path) {
      touched.add(String(path[0]));
      let node: Container = raw;
      for (const key of path.slice(0, -1)) {
        const parent = node as Record<string | number, unknown>;
        const child = parent[key] as Container;
        if (fresh.has(child)) {
          node = child;
          continue;
        }
        // Spread defines each key as data, so an id such as '__proto__' stays a key.
        const copy: Container = Array.isArray(child) ? [...(child as unknown[])] : { ...child };
        fresh.add(copy);
        parent[key] = copy;
        node = copy;
      }
      return node;
    },
    put(key, value) {
      touched.add(key);
      fresh.add(value);
      raw[key] = value;
    },
  };
}

/**
 * Parses the touched parts of the overlaid model; an untouched table is parsed as empty and then
 * shared with `current` (a parsed table parses to an equal one, so this gives what parsing it would).
 */
function parseOverlay(current: Model, overlay: Overlay): ReturnType<typeof modelSchema.safeParse> {
  const untouched = TABLES.filter((table) => !overlay.touched.has(table));
  const parsed = modelSchema.safeParse({
    ...overlay.raw,
    ...Object.fromEntries(untouched.map((table) => [table, []])),
  });
  if (!parsed.success) return parsed;
  return {
    ...parsed,
    data: { ...parsed.data, ...Object.fromEntries(untouched.map((table) => [table, current[table]])) },
  };
}

/** Applies `set`, `remove` and `add` to the raw form of the model and re-parses what they touched. */
function applyRawChanges(
  current: Model,
  scenario: Scenario,
  at: IssuePath,
  issues: Issue[],
): Model | undefined {
  const overlay = createOverlay(current);
  const raw = overlay.raw;
  const sources: Provenance[] = [];
  for (const [dotted, value] of Object.entries(scenario.set)) {
    const target = resolveSetPath(raw, dotted);
    const setAt = [...at, 'set', dotted];
    if ('failed' in target) {
      const hint = suggest(target.failed, target.candidates);
      issues.push(
        toIssue(
          'SCENARIO_PATH_UNKNOWN',
          'error',
          setAt,
          `scenario '${scenario.id}' sets '${dotted}', which addresses nothing in the model: no '${target.failed}' there.`,
          hint !== undefined
            ? `did you mean '${dotted.replace(target.failed, hint)}'?`
            : toDidYouMean(target.failed, target.candidates, 'names there'),
        ),
      );
      continue;
    }
    (overlay.own(target.path) as Record<string | number, unknown>)[target.key] = structuredClone(value);
    sources.push({ prefix: target.path, at: setAt, set: true });
  }
  const tableOf = (table: string, where: 'remove' | 'add'): unknown[] | undefined => {
    const rows = raw[table];
    if ((TABLES as readonly string[]).includes(table) && Array.isArray(rows)) return rows;
    issues.push(
      toIssue(
        'SCENARIO_PATH_UNKNOWN',
        'error',
        [...at, where, table],
        `scenario '${scenario.id}' ${where === 'add' ? 'adds to' : 'removes from'} '${table}', which is not a table of the model.`,
        toDidYouMean(table, TABLES, 'tables'),
      ),
    );
    return undefined;
  };
  for (const [table, ids] of Object.entries(scenario.remove)) {
    const rows = tableOf(table, 'remove');
    if (rows)
      overlay.put(
        table,
        rows.filter((row) => !(isObject(row) && ids.includes(String(row['id'])))),
      );
  }
  for (const [table, added] of Object.entries(scenario.add)) {
    const rows = tableOf(table, 'add');
    if (!rows) continue;
    added.forEach((row, k) =>
      sources.push({ prefix: [table, rows.length + k], at: [...at, 'add', table, k], set: false }),
    );
    overlay.put(table, [...rows, ...structuredClone(added)]);
  }
  const parsed = parseOverlay(current, overlay);
  if (parsed.success) return parsed.data;
  issues.push(...toScenarioIssues(parsed.error.issues, raw, scenario, sources));
  return undefined;
}

/** The multiplier for one demand: its own id first, then its material, then its node's nearest jurisdiction. */
function multiplierOf(
  model: Model,
  tree: JurisdictionTree,
  demand: Model['demands'][number],
  multiplier: Scenario['demandMultiplier'],
): number {
  if (multiplier === undefined) return 1;
  if (typeof multiplier === 'number') return multiplier;
  const jurisdiction = model.facilities.find((f) => f.id === demand.node)?.jurisdiction;
  const keys = [demand.id, demand.material, ...(jurisdiction ? tree.ancestors(jurisdiction) : [])];
  for (const key of keys) if (multiplier[key] !== undefined) return multiplier[key];
  return 1;
}

/**
 * Applies the numeric changes (already canonical) to a parsed model. The result is a new model:
 * its tables may be shared with the base, so changed rows are new objects and no row is written.
 */
function applyParsedChanges(model: Model, scenario: Scenario): Model {
  const tree = createJurisdictionTree(model);
  const multiplier = scenario.demandMultiplier;
  const demands =
    multiplier === undefined
      ? model.demands
      : model.demands.map((demand) => ({
          ...demand,
          quantity: demand.quantity * multiplierOf(model, tree, demand, multiplier),
        }));
  const outages =
    scenario.outages.length === 0 ? model.outages : [...model.outages, ...structuredClone(scenario.outages)];
  let projects = model.projects;
  for (const [id, decision] of Object.entries(scenario.projects)) {
    const i = projects.findIndex((p) => p.id === id);
    const project = projects[i];
    if (!project) continue;
    if (projects === model.projects) projects = [...projects];
    projects[i] = { ...project, decision };
  }
  return { ...model, demands, outages, projects };
}

/** The chain of scenarios to apply, base-most first, or the issue that breaks it. */
function findChain(model: Model, index: number): { chain: number[]; issues: Issue[] } {
  const chain = [index];
  let scenario = model.scenarios[index];
  while (scenario?.extends !== undefined) {
    const parent = model.scenarios.findIndex((s) => s.id === scenario?.extends);
    const at = ['scenarios', chain.at(-1) ?? index, 'extends'];
    if (parent < 0) return { chain: chain.reverse(), issues: [] }; // reported as REF_UNKNOWN by checkScenarioRefs
    if (chain.includes(parent)) {
      const names = [...chain, parent].map((i) => model.scenarios[i]?.id ?? '?');
      return {
        chain,
        issues: [
          toIssue(
            'SCENARIO_CYCLE',
            'error',
            at,
            `scenarios extend each other in a cycle: ${names.join(' → ')}.`,
            `remove the extends of one of them (e.g. of '${scenario.id}').`,
          ),
        ],
      };
    }
    chain.push(parent);
    scenario = model.scenarios[parent];
  }
  return { chain: chain.reverse(), issues: [] };
}

/**
 * Applies scenario `scenarioId` to `model` and checks the result. The input is never mutated.
 * Issues about the overlay point into the scenario (`['scenarios', i, 'set', 'policies.x.mode']`);
 * issues of the resulting model carry its own paths. `model` is absent when the overlay has errors;
 * it has no scenarios of its own (they are applied).
 *
 * @example applyScenario(model, 'heavy-ban').model?.policies[0]?.mode // 'ban'
 */
export function applyScenario(model: Model, scenarioId: string): ScenarioResult {
  const index = model.scenarios.findIndex((s) => s.id === scenarioId);
  if (index < 0) {
    const ids = model.scenarios.map((s) => s.id);
    return {
      issues: [
        toIssue(
          'SCENARIO_UNKNOWN',
          'error',
          ['scenarios'],
          `unknown scenario '${scenarioId}'.`,
          toDidYouMean(scenarioId, ids, 'scenarios'),
        ),
      ],
    };
  }
  const { chain, issues } = findChain(model, index);
  if (issues.length > 0) return { issues };
  let current: Model = model; // never mutated: each layer is a new model that shares what it did not change
  for (const i of chain) {
    const scenario = model.scenarios[i];
    if (!scenario) continue;
    const at: IssuePath = ['scenarios', i];
    issues.push(
      ...checkScenarioRefs(current, createCheckContext(current, { scenarios: false }), scenario, at),
    );
    const next = applyRawChanges(current, scenario, at, issues);
    if (!next) return { issues };
    current = applyParsedChanges(next, scenario);
  }
  if (issues.some((issue) => issue.severity === 'error')) return { issues };
  // The overlay is applied: the result carries no scenarios, so nothing applies or checks them twice.
  const applied: Model = { ...current, scenarios: [] };
  return { model: applied, issues: [...issues, ...runChecks(applied, { scenarios: false })] };
}
