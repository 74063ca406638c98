/**
 * What every semantic check reads: the model's ids per table, element contents, resolved
 * processes and the jurisdiction tree, derived once per `checkModel` call.
 */
import type { Model } from '../model.js';
import type { Issue, IssuePath, Severity } from '../issues.js';
import { toDidYouMean } from '../suggest.js';
import {
  createJurisdictionTree,
  materialContents,
  resolveProcess,
  type ElementVector,
  type JurisdictionTree,
  type ResolvedProcess,
} from '../derive.js';

/** Options of `checkModel`. */
export interface CheckOptions {
  /** Also apply and check every scenario (default true; off when checking a scenario's result). */
  scenarios?: boolean;
}

/** Derived views shared by the checks. */
export interface CheckContext {
  ids: {
    jurisdictions: string[];
    materials: string[];
    facilities: string[];
    routes: string[];
    demands: string[];
    policies: string[];
    projects: string[];
    scenarios: string[];
    distributions: string[];
  };
  contents: Map<string, ElementVector>;
  /** Every process, resolved, with its path: the facilities' processes, then those projects add. */
  processes: PlacedProcess[];
  /** Process ids per facility, including processes that projects add there. */
  processIds: Map<string, string[]>;
  tree: JurisdictionTree;
  scenarios: boolean;
}

/** A resolved process and where it is written. */
export interface PlacedProcess {
  resolved: ResolvedProcess;
  path: IssuePath;
}

/** A semantic check: one rule, all its findings. */
export type Check = (model: Model, context: CheckContext) => Issue[];

/** Derives the context once for all checks. */
export function createCheckContext(model: Model, options: CheckOptions = {}): CheckContext {
  const contents = materialContents(model);
  const processes: PlacedProcess[] = [];
  model.facilities.forEach((facility, f) =>
    facility.processes.forEach((process, p) =>
      processes.push({
        resolved: resolveProcess(facility, process, contents),
        path: ['facilities', f, 'processes', p],
      }),
    ),
  );
  model.projects.forEach((project, j) => {
    const facility = model.facilities.find((f) => f.id === project.facility);
    if (facility && project.process) {
      processes.push({
        resolved: resolveProcess(facility, project.process, contents),
        path: ['projects', j, 'process'],
      });
    }
  });
  const processIds = new Map<string, string[]>(
    model.facilities.map((f) => [f.id, f.processes.map((p) => p.id)]),
  );
  for (const project of model.projects) {
    if (project.process)
      processIds.set(project.facility, [...(processIds.get(project.facility) ?? []), project.process.id]);
  }
  const idsOf = (rows: readonly { id: string }[]): string[] => rows.map((row) => row.id);
  return {
    ids: {
      jurisdictions: idsOf(model.jurisdictions),
      materials: idsOf(model.materials),
      facilities: idsOf(model.facilities),
      routes: idsOf(model.routes),
      demands: idsOf(model.demands),
      policies: idsOf(model.policies),
      projects: idsOf(model.projects),
      scenarios: idsOf(model.scenarios),
      distributions: Object.keys(model.distributions),
    },
    contents,
    processes,
    processIds,
    tree: createJurisdictionTree(model),
    scenarios: options.scenarios ?? true,
  };
}

/** Builds an issue; `fix` is left out when undefined (exactOptionalPropertyTypes). */
export function toIssue(
  code: string,
  severity: Severity,
  path: IssuePath,
  message: string,
  fix?: string,
): Issue {
  return fix === undefined ? { code, severity, path, message } : { code, severity, path, message, fix };
}

/** A `REF_UNKNOWN` issue: `value` names no `noun`; the fix suggests the closest id. */
export function toUnknownRef(
  path: IssuePath,
  value: string,
  candidates: readonly string[],
  noun: string,
): Issue {
  return toIssue(
    'REF_UNKNOWN',
    'error',
    path,
    `unknown ${noun} '${value}'; expected the id of a ${noun} in the model.`,
    toDidYouMean(value, candidates, `${noun} ids`),
  );
}

/** Rounds for messages: 4 significant digits. */
export function formatNumber(value: number): string {
  return Number(value.toPrecision(4)).toString();
}
