/**
 * The operate serve hook: opens the store (SQLite in --data-dir, or PostgreSQL with --database),
 * builds the operate service (facilities of the served model, alert rules, webhook notifier),
 * restores live state and open alerts, and starts the MQTT broker (embedded on --mqtt-port, or a
 * bridge to --mqtt). Its deps (`store`, `broker`, `operate`) feed the telemetry, live and alert routes.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { loadModel, type Specification } from '../model/index.js';
import {
  alertRuleSchema,
  createOperateService,
  createWebhookNotifier,
  type AlertRule,
  type AlertRuleInput,
  type OperateStore,
} from '../monitor/index.js';
import { openStore } from '../store/index.js';
import { evaluateAlertsPeriodically } from './alert-evaluation.js';
import { writeAlertRules } from './alert-rules-file.js';
import type { ServeExtension, ServeHook } from './serve-hook.js';
import { BUNDLED_DATA_DIR } from './models.js';
import { connectExternalBroker, startEmbeddedBroker, type TelemetryBroker } from './mqtt.js';
import { definedFields } from '../defined-fields.js';

/** Rules used when `<data-dir>/alerts.yaml` (or .json) does not exist. */
export const DEFAULT_ALERT_RULES: readonly AlertRuleInput[] = [
  { id: 'production-missing', kind: 'missing-data', event: 'production', minutes: 60, severity: 'warning' },
  {
    id: 'production-off-plan',
    kind: 'plan-deviation',
    measure: 'production',
    tolerance: 0.15,
    severity: 'warning',
  },
  { id: 'unplanned-stop', kind: 'maintenance', types: ['unplanned'], severity: 'critical' },
];

/** Reads the alert rules file of a data folder, or the defaults. */
export async function readAlertRules(dataDir: string): Promise<{ rules: AlertRule[]; source: string }> {
  for (const name of ['alerts.yaml', 'alerts.yml', 'alerts.json']) {
    const file = join(dataDir, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    const raw: unknown = name.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    const list = Array.isArray(raw) ? raw : (raw as { rules?: unknown } | null)?.rules;
    const parsed = z.array(alertRuleSchema).safeParse(list);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `${file}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid rules'} (expected a list of rules, see docs/operate.md)`,
      );
    }
    return { rules: parsed.data, source: file };
  }
  return { rules: z.array(alertRuleSchema).parse(DEFAULT_ALERT_RULES), source: 'default rules' };
}

/** Facility ids of the served model (the given one, else the bundled world); undefined when it does not load. */
async function modelFacilities(
  model: string | undefined,
  cwd: string,
): Promise<{ facilities?: Set<string>; specifications?: Specification[]; name: string }> {
  const path = model === undefined ? join(BUNDLED_DATA_DIR, 'world') : resolve(cwd, model);
  const loaded = await loadModel(path);
  return loaded.model
    ? {
        facilities: new Set(loaded.model.facilities.map((f) => f.id)),
        specifications: loaded.model.specifications,
        name: loaded.model.name,
      }
    : { name: path };
}

/** The serve hook that turns on operate (telemetry, live state, alerts, MQTT). */
export const operateServeHook: ServeHook = async (options, { log, clock, tokens }) => {
  const dataDir = resolve(options.cwd, options.dataDir);
  const store: OperateStore = await openStore({
    dataDir,
    ...definedFields({ database: options.database }),
    clock,
  });
  let broker: TelemetryBroker | undefined;
  try {
    const { rules, source } = await readAlertRules(dataDir);
    // Rules changed through the API go back to the file they came from, or to alerts.yaml when they were the defaults.
    const rulesFile = source === 'default rules' ? join(dataDir, 'alerts.yaml') : source;
    const { facilities, specifications, name } = await modelFacilities(options.model, options.cwd);
    const operate = createOperateService({
      store,
      clock,
      rules,
      saveRules: (next) => writeAlertRules(rulesFile, next),
      ...(facilities ? { facilities } : {}),
      ...(specifications ? { specifications } : {}),
      notifier: createWebhookNotifier({
        subscriptions: () => store.alerts.listWebhooks(),
        fetch: (url, init) => fetch(url, init),
        sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
        timeoutMs: 5000,
      }),
      onError: (message, cause) => log.warn({ err: cause }, message),
    });
    await operate.restore();
    const describe: string[] = [
      `telemetry store: ${store.capabilities.engine === 'sqlite' ? `SQLite in ${dataDir}` : 'PostgreSQL'}; facilities of ${facilities ? `'${name}' (${facilities.size})` : `any (model ${name} did not load)`}; alert rules: ${source} (${rules.length})`,
    ];
    const logger = {
      info: (m: string) => log.info(m),
      warn: (m: string) => log.warn(m),
      error: (m: string, err: unknown) => log.error({ err }, m),
    };
    if (options.mqtt !== undefined) {
      broker = await connectExternalBroker(operate, {
        url: options.mqtt,
        clientId: `reeflow-ingest-${store.capabilities.engine}`,
        log: logger,
      });
      describe.push(`MQTT: bridged to ${options.mqtt}; publish to reeflow/v1/<facility>/<kind>`);
    } else {
      const embedded = await startEmbeddedBroker(operate, {
        port: options.mqttPort ?? 1883,
        host: options.host,
        log: logger,
        ...definedFields({ tokens }),
      });
      broker = embedded;
      if (embedded.note) describe.push(embedded.note);
      describe.push(
        `MQTT broker (embedded) on ${embedded.url}; publish to reeflow/v1/<facility>/<kind>${tokens === undefined ? '' : ' with a device token as the password'}`,
      );
    }
    const running = broker;
    const extension: ServeExtension = {
      deps: { store, broker: running, operate },
      readiness: [
        async () => ({
          name: 'telemetry-store',
          ok: (await store.telemetry.count({ from: clock(), to: clock() + 1 })) >= 0,
          detail: store.capabilities.engine,
        }),
        async () => ({ name: 'mqtt', ok: running.describe().connected, detail: running.url }),
      ],
      describe,
      background: [evaluateAlertsPeriodically],
      close: async () => {
        await running.close();
        await operate.drain();
        await store.close();
      },
    };
    return extension;
  } catch (error) {
    await broker?.close();
    await store.close();
    throw error;
  }
};
