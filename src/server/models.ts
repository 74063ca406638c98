/**
 * The models a server knows: bundled ones (data/world, data/two-base, data/examples/*), the one
 * given to `reeflow serve`, and uploads held in memory. Each loads once, lazily, and is checked;
 * its summary and JSON are cached for fast reads.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import {
  checkModel,
  DEFAULT_DOCUMENT_LIMITS,
  hasErrors,
  loadModel,
  locateIssues,
  summarizeModel,
  type DocumentLimits,
  type Issue,
  type LoadOptions,
  type Model,
  type ModelSummary,
} from '../model/index.js';

export type ModelSource = 'bundled' | 'file' | 'uploaded';

/** A model as listed: what it is and where it came from. */
export interface ModelInfo {
  id: string;
  name: string;
  description?: string;
  source: ModelSource;
  valid: boolean;
  errors: number;
  warnings: number;
  scenarios: string[];
}

/** A loaded model: the checked model (absent when it has errors) and every issue. */
export interface LoadedModel {
  id: string;
  source: ModelSource;
  model?: Model;
  issues: Issue[];
  /** Computed on first use. */
  summary(): ModelSummary | undefined;
  /** The model as JSON text, computed on first use. */
  json(): string | undefined;
  /** Per-entry cache for encoded answers (e.g. the model view), keyed by route. */
  readonly cache: Map<string, unknown>;
}

export interface ModelRegistry {
  /** The model `reeflow serve [model]` was given, or the first bundled one. */
  readonly defaultId: string | undefined;
  ids(): string[];
  has(id: string): boolean;
  list(): Promise<ModelInfo[]>;
  /** Undefined for an unknown id. */
  get(id: string): Promise<LoadedModel | undefined>;
  /** Goes up by one whenever a model is added, so cached listings know when they are stale. */
  revision(): number;
  /** Adds a loaded model under `id` (replacing nothing: check `has` first). */
  add(id: string, loaded: { model?: Model; issues: Issue[] }, source: ModelSource): LoadedModel;
}

export interface ModelPath {
  id: string;
  path: string;
  source: ModelSource;
}

/** Loads a model file or folder and runs every semantic check; `model` only when there are no errors. */
export async function loadCheckedModel(
  path: string,
  options: LoadOptions = {},
): Promise<{ model?: Model; issues: Issue[] }> {
  // Without the raw input (keepInput false): it is as large as the model, and each raw row is dropped once parsed.
  const { model, issues: loadIssues, sources } = await loadModel(path, { keepInput: false, ...options });
  if (!model || hasErrors(loadIssues)) return { issues: loadIssues };
  const issues = [...loadIssues, ...locateIssues(checkModel(model), sources)];
  return hasErrors(issues) ? { issues } : { model, issues };
}

/**
 * Limits on a model sent over HTTP: those of files, with fewer values (data/world written as one
 * document has about 10,000), so composing, validating and checking one upload on the event loop
 * stays well under a second; the scan before it yields to the event loop between slices.
 */
export const UPLOAD_DOCUMENT_LIMITS: DocumentLimits = { ...DEFAULT_DOCUMENT_LIMITS, maxNodes: 50_000 };

/**
 * Loads a model from text (a whole model in one YAML or JSON document), through the same loader
 * as files so issues carry lines, under `UPLOAD_DOCUMENT_LIMITS`. The text goes through a private
 * temporary file.
 */
export async function loadModelText(
  text: string,
  format: 'json' | 'yaml',
): Promise<{ model?: Model; issues: Issue[] }> {
  const folder = await mkdtemp(join(tmpdir(), 'reeflow-upload-'));
  try {
    const file = join(folder, `model.${format}`);
    await writeFile(file, text, 'utf8');
    return await loadCheckedModel(file, { limits: UPLOAD_DOCUMENT_LIMITS });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** The bundled models under `dataDir`: `world`, `two-base` and each of `examples/*` by its folder name. */
export async function findBundledModels(dataDir: string): Promise<ModelPath[]> {
  const list = async (dir: string): Promise<string[]> =>
    (await readdir(dir, { withFileTypes: true }).catch(() => []))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  const top = (await list(dataDir)).filter((name) => name !== 'examples');
  const examples = await list(join(dataDir, 'examples'));
  return [
    ...top.map((name) => ({ id: name, path: join(dataDir, name), source: 'bundled' as const })),
    ...examples.map((name) => ({
      id: name,
      path: join(dataDir, 'examples', name),
      source: 'bundled' as const,
    })),
  ];
}

/** The `data/` folder shipped with the package. */
export const BUNDLED_DATA_DIR = resolve(import.meta.dirname, '../../data');

function toLoaded(id: string, source: ModelSource, loaded: { model?: Model; issues: Issue[] }): LoadedModel {
  let summary: ModelSummary | undefined;
  let json: string | undefined;
  return {
    id,
    source,
    ...(loaded.model ? { model: loaded.model } : {}),
    issues: loaded.issues,
    summary: () => (summary ??= loaded.model ? summarizeModel(loaded.model) : undefined),
    json: () => (json ??= loaded.model ? JSON.stringify(loaded.model) : undefined),
    cache: new Map(),
  };
}

function toInfo(entry: LoadedModel): ModelInfo {
  const errors = entry.issues.filter((i) => i.severity === 'error').length;
  return {
    id: entry.id,
    name: entry.model?.name ?? entry.id,
    ...(entry.model?.description ? { description: entry.model.description } : {}),
    source: entry.source,
    valid: entry.model !== undefined,
    errors,
    warnings: entry.issues.length - errors,
    scenarios: entry.model?.scenarios.map((s) => s.id) ?? [],
  };
}

/**
 * A registry over model paths (loaded lazily, once) plus in-memory uploads.
 *
 * @example const models = createModelRegistry(await findBundledModels(BUNDLED_DATA_DIR));
 */
export function createModelRegistry(
  paths: readonly ModelPath[],
  options: { defaultId?: string } = {},
): ModelRegistry {
  const pending = new Map<string, () => Promise<LoadedModel>>();
  const loaded = new Map<string, Promise<LoadedModel>>();
  for (const p of paths)
    pending.set(p.id, async () => toLoaded(p.id, p.source, await loadCheckedModel(p.path)));
  const order = paths.map((p) => p.id);
  let revision = 0;
  const get = (id: string): Promise<LoadedModel> | undefined => {
    const existing = loaded.get(id);
    if (existing) return existing;
    const load = pending.get(id);
    if (!load) return undefined;
    const promise = load();
    loaded.set(id, promise);
    return promise;
  };
  return {
    defaultId: options.defaultId ?? order[0],
    ids: () => [...order],
    has: (id) => pending.has(id) || loaded.has(id),
    async list() {
      return (await Promise.all(order.map((id) => get(id))))
        .filter((m): m is LoadedModel => m !== undefined)
        .map(toInfo);
    },
    get: (id) => get(id) ?? Promise.resolve(undefined),
    revision: () => revision,
    add(id, model, source) {
      const entry = toLoaded(id, source, model);
      revision += 1;
      if (!order.includes(id)) order.push(id);
      loaded.set(id, Promise.resolve(entry));
      return entry;
    },
  };
}

/** An id for a model file or folder: its name without extension. */
export function toModelId(path: string): string {
  return basename(path).replace(/\.(ya?ml|json|xlsx)$/i, '') || 'model';
}

export { toInfo as toModelInfo };
