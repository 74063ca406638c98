/** An operate app for the quality and asset routes: SQLite in a temp dir, fixed clock, two-base's specifications, rules given. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadModel, type Specification } from '../../src/model/index.js';
import {
  alertRuleSchema,
  createOperateService,
  type AlertRuleInput,
  type OperateService,
  type OperateStore,
} from '../../src/monitor/index.js';
import { BUNDLED_DATA_DIR, createModelRegistry } from '../../src/server/models.js';
import { openSqliteStore } from '../../src/store/index.js';
import { createTestApp, EXAMPLE_MODELS } from './helpers.js';
import { FACILITIES, NOW } from './telemetry-helpers.js';

export interface QualityApp {
  app: FastifyInstance;
  store: OperateStore;
  operate: OperateService;
  close(): Promise<void>;
}

/** two-base's specifications (Nd-oxide: TREO ≥ 99, Nd2O3/TREO ≥ 99.5, Fe2O3 ≤ 0.005; NdPr-metal Pr/TREM 25 ± 2 …). */
export async function twoBaseSpecifications(): Promise<Specification[]> {
  const loaded = await loadModel(join(BUNDLED_DATA_DIR, 'two-base'));
  if (!loaded.model) throw new Error('two-base did not load');
  return loaded.model.specifications;
}

/** The app with operate over a fresh store, the two examples plus two-base in the registry. */
export async function createQualityApp(
  options: { rules?: AlertRuleInput[]; specifications?: Specification[] } = {},
): Promise<QualityApp> {
  const dir = mkdtempSync(join(tmpdir(), 'reeflow-quality-'));
  const clock = () => NOW;
  const store = openSqliteStore({ dataDir: dir, clock });
  const operate = createOperateService({
    store,
    clock,
    facilities: FACILITIES,
    rules: (options.rules ?? []).map((r) => alertRuleSchema.parse(r)),
    specifications: options.specifications ?? [],
  });
  const models = createModelRegistry(
    [...EXAMPLE_MODELS, { id: 'two-base', path: join(BUNDLED_DATA_DIR, 'two-base'), source: 'bundled' }],
    { defaultId: 'binding-quota' },
  );
  const app = createTestApp({ store, operate, clock, models });
  await app.ready();
  return {
    app,
    store,
    operate,
    async close() {
      await app.close();
      await operate.drain();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs events as a JSON array to /v1/telemetry. */
export const postEvents = async (
  app: FastifyInstance,
  events: unknown[],
): Promise<{ statusCode: number; body: string }> =>
  app.inject({ method: 'POST', url: '/v1/telemetry', payload: events as object[] });
