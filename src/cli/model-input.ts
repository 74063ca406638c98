/** Loads, checks and applies a scenario to a model for a command, reporting every issue at once. */
import { resolve } from 'node:path';
import { applyScenario, checkModel, hasErrors, loadModel, locateIssues, type Issue, type Model } from '../model/index.js';

export interface ModelInput {
  model?: Model;
  issues: Issue[];
}

/**
 * Loads the model at `path` (folder, YAML/JSON file or XLSX workbook), runs every semantic check
 * and, when asked, applies a scenario. `model` is set only when there are no errors.
 */
export async function readModel(path: string, options: { cwd: string; scenario?: string | undefined }): Promise<ModelInput> {
  const loaded = await loadModel(resolve(options.cwd, path));
  if (!loaded.model || hasErrors(loaded.issues)) return { issues: loaded.issues };
  const issues = [...loaded.issues, ...locateIssues(checkModel(loaded.model), loaded.sources)];
  if (hasErrors(issues)) return { issues };
  if (options.scenario === undefined) return { model: loaded.model, issues };
  const applied = applyScenario(loaded.model, options.scenario);
  const all = [...issues, ...locateIssues(applied.issues, loaded.sources)];
  return applied.model && !hasErrors(all) ? { model: applied.model, issues: all } : { issues: all };
}
