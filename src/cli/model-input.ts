/** Loads, checks and applies a scenario to a model for a command, reporting every issue at once. */
import { resolve } from 'node:path';
import {
  applyScenario,
  checkModel,
  hasErrors,
  loadModel,
  locateIssues,
  toDidYouMean,
  type Issue,
  type Model,
} from '../model/index.js';
import { CliError } from './errors.js';

export interface ModelInput {
  model?: Model;
  issues: Issue[];
}

/**
 * Loads the model at `path` (folder, YAML/JSON file or XLSX workbook), runs every semantic check
 * and, when asked, applies a scenario. `model` is set only when there are no errors.
 */
export async function readModel(
  path: string,
  options: { cwd: string; scenario?: string | undefined },
): Promise<ModelInput> {
  // The raw input is not kept: with a big table it is as large as the model itself.
  const {
    model,
    issues: loadIssues,
    sources,
  } = await loadModel(resolve(options.cwd, path), { keepInput: false });
  if (!model || hasErrors(loadIssues)) return { issues: loadIssues };
  const issues = [...loadIssues, ...locateIssues(checkModel(model), sources)];
  if (hasErrors(issues)) return { issues };
  if (options.scenario === undefined) return { model, issues };
  checkScenarioOption(model, path, options.scenario);
  const applied = applyScenario(model, options.scenario);
  const all = [...issues, ...locateIssues(applied.issues, sources)];
  return applied.model && !hasErrors(all) ? { model: applied.model, issues: all } : { issues: all };
}

/** A `--scenario` the model lacks is a mistake on the command line, not in the model: no file location. */
function checkScenarioOption(model: Model, path: string, scenario: string): void {
  const ids = model.scenarios.map((s) => s.id);
  if (ids.includes(scenario)) return;
  throw new CliError(
    'SCENARIO_UNKNOWN',
    `--scenario '${scenario}' is not a scenario of ${path}; ${toDidYouMean(scenario, ids, 'scenarios')}`,
  );
}
