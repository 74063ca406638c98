/**
 * An app serving two-base with operate over a fresh SQLite store, bearer tokens in and out of scope
 * and an in-memory audit log: for tests of what a token scoped to some facilities may see and do.
 * China Northern Rare Earth runs baiyin-separation and bayan-obo; Ningbo magnet makers ningbo-magnets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import {
  alertRuleSchema,
  createOperateService,
  type AlertRule,
  type AlertRuleInput,
  type OperateService,
  type OperateStore,
  type TelemetryEvent,
} from '../../src/monitor/index.js';
import type { AppOptions } from '../../src/server/app.js';
import { createMemoryAuditLog, type AuditLog } from '../../src/server/audit.js';
import { createMemoryTokenStore, type Role, type Scope } from '../../src/server/auth.js';
import { BUNDLED_DATA_DIR, createModelRegistry } from '../../src/server/models.js';
import { openSqliteStore } from '../../src/store/index.js';
import { createTestApp, EXAMPLE_MODELS } from './helpers.js';

/** 2026-03-10T00:00:00Z. */
export const NOW = Date.UTC(2026, 2, 10);

const TOKENS: Record<string, { role: Role; scope?: Scope }> = {
  admin: { role: 'admin' },
  'planner-any': { role: 'planner' },
  'planner-cnre': { role: 'planner', scope: { operator: 'China Northern Rare Earth' } },
  'planner-ningbo': { role: 'planner', scope: { operator: 'Ningbo magnet makers' } },
  'authority-any': { role: 'authority' },
  analyst: { role: 'analyst' },
};
export type Caller = keyof typeof TOKENS;

/** The Authorization header of a caller. */
export const as = (caller: Caller): { authorization: string } => ({
  authorization: `Bearer token-${caller}-0123456789abcdef`,
});

/** A sensor reading `minutesAgo` before NOW. */
export const reading = (
  id: string,
  facility: string,
  value: number,
  minutesAgo: number,
  asset = 'pump-1',
): TelemetryEvent => ({
  v: 1,
  id,
  kind: 'sensor',
  facility,
  time: NOW - minutesAgo * 60_000,
  asset,
  tag: 'vibration',
  value,
  unit: 'mm/s',
});

export interface ScopedOperateApp {
  app: FastifyInstance;
  store: OperateStore;
  operate: OperateService;
  audit: AuditLog;
  close(): Promise<void>;
}

export async function createScopedOperateApp(
  options: {
    rules?: AlertRuleInput[];
    saveRules?: (rules: readonly AlertRule[]) => Promise<void>;
    clock?: () => number;
    app?: Partial<AppOptions>;
  } = {},
): Promise<ScopedOperateApp> {
  const dir = mkdtempSync(join(tmpdir(), 'reeflow-scoped-'));
  const clock = options.clock ?? (() => NOW);
  const store = openSqliteStore({ dataDir: dir, clock });
  const operate = createOperateService({
    store,
    clock,
    rules: (options.rules ?? []).map((r) => alertRuleSchema.parse(r)),
    ...(options.saveRules ? { saveRules: options.saveRules } : {}),
  });
  const audit = createMemoryAuditLog(clock);
  const tokens = createMemoryTokenStore(
    Object.entries(TOKENS).map(([name, t]) => ({
      id: name,
      name,
      role: t.role,
      token: as(name).authorization.slice('Bearer '.length),
      ...(t.scope ? { scope: t.scope } : {}),
    })),
    clock,
  );
  const models = createModelRegistry(
    [...EXAMPLE_MODELS, { id: 'two-base', path: join(BUNDLED_DATA_DIR, 'two-base'), source: 'bundled' }],
    { defaultId: 'two-base' },
  );
  const app = createTestApp({ auth: { tokens }, models, audit, store, operate, clock, ...options.app });
  await app.ready();
  const close = async (): Promise<void> => {
    await app.close();
    await operate.drain();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { app, store, operate, audit, close };
}
