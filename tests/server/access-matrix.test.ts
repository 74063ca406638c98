/**
 * The access matrix (issue 9): every route the app has — read from Fastify's own route list, so a
 * new route fails this test until it is given an expected policy below — is called by every role,
 * with tokens in and out of scope (another operator, another jurisdiction), expired, unknown and
 * malformed, and exactly the allowed calls get past auth (anything but 401/403). The app serves
 * two-base with an operate store holding readings, assays and alerts at two facilities of different
 * operators and jurisdictions, so facility routes are exercised on real data, not on a 503.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOperateService,
  type Alert,
  type OperateService,
  type OperateStore,
  type TelemetryEvent,
} from '../../src/monitor/index.js';
import { createMemoryTokenStore, type Role, type Scope } from '../../src/server/auth.js';
import { createMemoryAuditLog, type AuditLog } from '../../src/server/audit.js';
import { BUNDLED_DATA_DIR, createModelRegistry } from '../../src/server/models.js';
import { openSqliteStore } from '../../src/store/index.js';
import { bodyOf, createTestApp, EXAMPLE_MODELS } from './helpers.js';

/** 2026-03-10T00:00:00Z: the clock of the app, tokens and readings. */
const NOW = Date.UTC(2026, 2, 10);

type Policy = 'public' | readonly Role[];
const READERS: Policy = ['admin', 'planner', 'authority', 'analyst'];
const PLANNERS: Policy = ['admin', 'planner', 'authority'];
const EDITORS: Policy = ['admin', 'planner'];
const DEVICES: Policy = ['admin', 'device'];
const ADMINS: Policy = ['admin'];
/** Facility data (telemetry, live state, alerts, assets, quality charts): not for analysts, who read public and shared data only. */
const OPERATORS: Policy = ['admin', 'planner', 'authority'];

/** Who may call each route: the access policy of issue 9, written out independently of the route configs. */
const EXPECTED: Record<string, Policy> = {
  'GET /': 'public',
  'GET /assets/:name': 'public',
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /metrics': 'public',
  'GET /v1/openapi.json': 'public',
  'GET /v1/telemetry/schema': 'public',
  'GET /v1/session': 'public', // says whether tokens are needed; a bad token is answered as none (tokenRefused says why)
  'GET /v1/models': READERS,
  'POST /v1/models': EDITORS,
  'POST /v1/models/validate': READERS, // computes, changes nothing
  'GET /v1/models/:id': READERS,
  'GET /v1/models/:id/document': READERS,
  'GET /v1/models/:id/scenarios': READERS,
  'POST /v1/models/:id/scenarios/:scenario/apply': READERS, // computes, changes nothing
  'GET /v1/models/:id/projects': READERS,
  'GET /v1/models/:id/projects/:project': READERS,
  'POST /v1/models/:id/projects/:project/transitions': EDITORS.concat('authority'),
  'POST /v1/plans': PLANNERS,
  'GET /v1/plans': READERS,
  'GET /v1/plans/:id': READERS,
  'DELETE /v1/plans/:id': PLANNERS,
  'GET /v1/plans/:id/events': READERS,
  'POST /v1/allocations': PLANNERS,
  'GET /v1/allocations/:id': READERS,
  'POST /v1/simulations': PLANNERS,
  'GET /v1/simulations': READERS,
  'GET /v1/simulations/:id': READERS,
  'DELETE /v1/simulations/:id': PLANNERS,
  'GET /v1/simulations/:id/events': READERS,
  'POST /v1/stockpile-sizing': PLANNERS,
  'GET /v1/stockpile-sizing/:id': READERS,
  'DELETE /v1/stockpile-sizing/:id': PLANNERS,
  'GET /v1/stockpile-sizing/:id/events': READERS,
  'GET /v1/risk': READERS, // computes (may plan), changes nothing
  'POST /v1/risk/diversification': PLANNERS,
  'GET /v1/risk/diversification/:id': READERS,
  'DELETE /v1/risk/diversification/:id': PLANNERS,
  'GET /v1/risk/diversification/:id/events': READERS,
  'GET /v1/dividend': READERS, // computes (plans), changes nothing
  'POST /v1/compare': READERS, // computes, changes nothing
  'GET /v1/audit': ['admin', 'authority'], // an authority reads its jurisdiction's entries
  'POST /v1/telemetry': DEVICES,
  'GET /v1/telemetry': OPERATORS,
  'GET /v1/telemetry/aggregate': OPERATORS,
  'GET /v1/telemetry/stats': ADMINS, // server-wide counters
  'GET /v1/telemetry/rejections': ADMINS, // dead letters: payloads of every facility
  'GET /v1/live': OPERATORS,
  'GET /v1/live/events': OPERATORS,
  'GET /v1/plan-vs-actual': OPERATORS,
  'GET /v1/alerts': OPERATORS,
  'GET /v1/alerts/rules': OPERATORS,
  'PUT /v1/alerts/rules/:id': EDITORS, // configuration: planners and admins, not authorities
  'DELETE /v1/alerts/rules/:id': EDITORS,
  'POST /v1/alerts/evaluate': PLANNERS,
  'GET /v1/alerts/events': OPERATORS,
  'GET /v1/alerts/webhooks': PLANNERS,
  'POST /v1/alerts/webhooks': PLANNERS,
  'DELETE /v1/alerts/webhooks/:id': PLANNERS,
  'GET /v1/alerts/:id': OPERATORS,
  'POST /v1/alerts/:id/ack': PLANNERS, // a write: analysts are read-only
  'GET /v1/specifications': READERS, // part of the model
  'GET /v1/quality/charts': OPERATORS,
  'GET /v1/assets': OPERATORS,
  'GET /v1/assets/:id': OPERATORS,
};

/**
 * Who is in scope where a route reads or changes one thing: the callers (by token name) whose scope
 * reaches it. Baiyin (baiyin-separation, its project baiyin-expansion, its alert al-baiyin, its
 * pump-9) is in CN-GS, run by China Northern Rare Earth; webhooks carry every facility's alerts.
 */
const BAIYIN = [
  'admin',
  'planner-cnre',
  'planner-any',
  'authority-gansu',
  'authority-china',
  'authority-any',
];
const WHOLE_NETWORK = ['admin', 'planner-any', 'authority-any'];
const IN_SCOPE: Record<string, readonly string[]> = {
  'GET /v1/models/:id/projects/:project': [...BAIYIN, 'analyst'], // projects are shared data
  'POST /v1/models/:id/projects/:project/transitions': BAIYIN,
  'GET /v1/telemetry': BAIYIN,
  'GET /v1/telemetry/aggregate': BAIYIN,
  'GET /v1/live': BAIYIN,
  'GET /v1/live/events': BAIYIN,
  'GET /v1/plan-vs-actual': BAIYIN,
  'GET /v1/alerts': BAIYIN,
  'GET /v1/alerts/:id': BAIYIN,
  'POST /v1/alerts/:id/ack': BAIYIN,
  'GET /v1/quality/charts': BAIYIN,
  'GET /v1/assets': BAIYIN,
  'GET /v1/assets/:id': BAIYIN,
  'PUT /v1/alerts/rules/:id': BAIYIN, // the rule below is about Baiyin
  'GET /v1/alerts/webhooks': WHOLE_NETWORK,
  'POST /v1/alerts/webhooks': WHOLE_NETWORK,
  'DELETE /v1/alerts/webhooks/:id': WHOLE_NETWORK,
};

/** Parses `app.printRoutes({ commonPrefix: false })` into `METHOD /path` (HEAD left out: it follows GET). */
function listRoutes(app: FastifyInstance): string[] {
  const stack: { depth: number; path: string }[] = [];
  const out: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)(?:├── |└── )(\S+) \(([^)]*)\)$/.exec(line.replace(/\u00a0/g, ' '));
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    while (stack.length > 0 && (stack.at(-1)?.depth ?? 0) >= depth) stack.pop();
    const segment = (match[2] ?? '').split('|')[0] ?? '';
    const path = (stack.at(-1)?.path ?? '') + segment;
    stack.push({ depth, path });
    for (const method of (match[3] ?? '').split(', '))
      if (method !== 'HEAD') out.push(`${method} ${path.startsWith('/') ? path : `/${path}`}`);
  }
  return out.sort();
}

/** Query strings that aim a facility route at Baiyin. */
const AT_BAIYIN: Record<string, string> = {
  'GET /v1/telemetry': '?facility=baiyin-separation',
  'GET /v1/telemetry/aggregate': `?facility=baiyin-separation&kind=sensor&bucket=day&from=${NOW - 86_400_000}&to=${NOW}`,
  'GET /v1/live': '?facility=baiyin-separation',
  'GET /v1/live/events': '?facility=baiyin-separation',
  'GET /v1/plan-vs-actual': '?facility=baiyin-separation',
  'GET /v1/alerts': '?facility=baiyin-separation',
  'GET /v1/quality/charts': '?facility=baiyin-separation&material=nd-pr-oxide&analyte=NdPr',
  'GET /v1/assets': '?facility=baiyin-separation',
};

/** A concrete URL for a route: real ids where it matters, harmless ones elsewhere. */
function toUrl(route: string): string {
  const pattern = route.split(' ')[1] ?? '';
  return (
    pattern
      .replace('/v1/alerts/:id', '/v1/alerts/al-baiyin')
      .replace('/v1/assets/:id', '/v1/assets/pump-9')
      .replace('/v1/models/:id', '/v1/models/two-base')
      .replace(':project', 'baiyin-expansion')
      .replace(':scenario', 'build-all')
      .replace(':name', 'nope.js')
      .replace(':id', 'nope') + (AT_BAIYIN[route] ?? '')
  );
}

const TOKENS: Record<string, { role: Role; scope?: Scope; expiresAt?: number }> = {
  admin: { role: 'admin' },
  'planner-cnre': { role: 'planner', scope: { operator: 'China Northern Rare Earth' } },
  'planner-ningbo': { role: 'planner', scope: { operator: 'Ningbo magnet makers' } },
  'planner-any': { role: 'planner' },
  'authority-any': { role: 'authority' },
  'authority-gansu': { role: 'authority', scope: { jurisdiction: 'CN-GS' } },
  'authority-inner-mongolia': { role: 'authority', scope: { jurisdiction: 'CN-NM' } },
  'authority-china': { role: 'authority', scope: { jurisdiction: 'CN' } },
  analyst: { role: 'analyst' },
  'device-bayan-obo': { role: 'device', scope: { facility: 'bayan-obo' } },
  'admin-expired': { role: 'admin', expiresAt: NOW - 1 },
  'authority-gansu-expired': { role: 'authority', scope: { jurisdiction: 'CN-GS' }, expiresAt: NOW - 1 },
};
const secret = (name: string): string => `token-${name}-0123456789abcdef`;

const reading = (
  id: string,
  facility: string,
  asset: string,
  value: number,
  minutesAgo: number,
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
const alertAt = (id: string, facility: string, lastTime: number): Alert => ({
  id,
  key: `vib|${facility}|pump`,
  rule: 'vib',
  severity: 'warning',
  status: 'open',
  facility,
  subject: 'pump',
  message: 'high',
  value: 9,
  limit: 8,
  firstTime: lastTime,
  lastTime,
  count: 1,
});

let app: FastifyInstance;
let audit: AuditLog;
let store: OperateStore;
let operate: OperateService;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reeflow-access-'));
  store = openSqliteStore({ dataDir: dir, clock: () => NOW });
  const twoBase = join(BUNDLED_DATA_DIR, 'two-base');
  operate = createOperateService({ store, clock: () => NOW });
  await operate.ingest([
    reading('r-baiyin-1', 'baiyin-separation', 'pump-9', 3, 30),
    reading('r-baiyin-2', 'baiyin-separation', 'pump-9', 4, 20),
    reading('r-ningbo-1', 'ningbo-magnets', 'press-2', 5, 25),
    reading('r-bayan-1', 'bayan-obo', 'crusher-1', 6, 10),
  ]);
  await store.alerts.save(alertAt('al-baiyin', 'baiyin-separation', NOW - 20 * 60_000));
  await store.alerts.save(alertAt('al-ningbo', 'ningbo-magnets', NOW - 10 * 60_000));
  audit = createMemoryAuditLog(() => NOW);
  const tokens = createMemoryTokenStore(
    Object.entries(TOKENS).map(([name, t]) => ({
      id: name,
      name,
      role: t.role,
      token: secret(name),
      ...(t.scope ? { scope: t.scope } : {}),
      ...(t.expiresAt === undefined ? {} : { expiresAt: t.expiresAt }),
    })),
    () => NOW,
  );
  const models = createModelRegistry(
    [...EXAMPLE_MODELS, { id: 'two-base', path: twoBase, source: 'bundled' }],
    { defaultId: 'two-base' },
  );
  app = createTestApp({ auth: { tokens }, models, audit, store, operate, clock: () => NOW });
  await app.listen({ port: 0, host: '127.0.0.1' }); // server-sent-event routes are called over HTTP
});
afterAll(async () => {
  await app.close();
  await operate.drain();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

type Caller = { name: string; headers: Record<string, string>; role?: Role };
const CALLERS: Caller[] = [
  ...Object.entries(TOKENS).map(([name, t]) => ({
    name,
    headers: { authorization: `Bearer ${secret(name)}` },
    ...(t.expiresAt === undefined ? { role: t.role } : {}),
  })),
  { name: 'no token', headers: {} },
  { name: 'unknown token', headers: { authorization: 'Bearer not-a-token-we-know' } },
  { name: 'malformed header', headers: { authorization: 'Token abc' } },
  { name: 'empty bearer', headers: { authorization: 'Bearer ' } },
];

const PAYLOADS: Record<string, unknown> = {
  'POST /v1/models/:id/projects/:project/transitions': { to: 'operating' }, // skips stages: 409 once past auth
  'POST /v1/alerts/webhooks': { url: 'http://127.0.0.1:9/hook' }, // the body is parsed before the scope check: a valid one
  'PUT /v1/alerts/rules/:id': {
    id: 'nope',
    kind: 'threshold',
    event: 'sensor',
    above: 100,
    facility: 'baiyin-separation',
  },
};

/** The status of one call; server-sent-event routes over HTTP, their stream dropped once the status is in. */
async function call(route: string, caller: Caller): Promise<number> {
  const method = route.split(' ')[0] as 'GET' | 'POST' | 'PUT' | 'DELETE';
  if (route.endsWith('/events') && !route.includes(':id')) {
    const aborter = new AbortController();
    const address = app.server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${address.port}${toUrl(route)}`, {
      headers: caller.headers,
      signal: aborter.signal,
    });
    aborter.abort();
    return response.status;
  }
  const payload = method === 'POST' || method === 'PUT' ? (PAYLOADS[route] ?? {}) : undefined;
  const response = await app.inject({
    method,
    url: toUrl(route),
    headers: caller.headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return response.statusCode;
}

describe('access matrix: every route × every caller', () => {
  it('knows every route the app serves', () => {
    const routes = listRoutes(app);
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((r) => !(r in EXPECTED))).toEqual([]); // a new route needs a line in EXPECTED
    expect(Object.keys(EXPECTED).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('lets exactly the allowed callers past auth, and nobody else', async () => {
    const wrong: string[] = [];
    for (const route of listRoutes(app)) {
      const policy = EXPECTED[route] ?? [];
      const scope = IN_SCOPE[route];
      for (const caller of CALLERS) {
        const status = await call(route, caller);
        const authenticated = caller.role !== undefined;
        // Public routes answer every caller, a bad token included (issue 13, D10).
        let allowed =
          policy === 'public' || (authenticated && (policy as readonly Role[]).includes(caller.role as Role));
        if (scope && allowed) allowed = scope.includes(caller.name);
        const passed = status !== 401 && status !== 403;
        if (passed !== allowed)
          wrong.push(`${route} by ${caller.name}: ${status}, expected ${allowed ? 'allowed' : 'refused'}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers expired, unknown and malformed tokens with 401 and says why', async () => {
    const expired = await app.inject({
      method: 'GET',
      url: '/v1/models',
      headers: { authorization: `Bearer ${secret('admin-expired')}` },
    });
    expect(expired.statusCode).toBe(401);
    expect(bodyOf(expired)['message']).toBe(
      `the token expired at ${new Date(NOW - 1).toISOString()}; ask an admin for a new one`,
    );
    expect(
      (await app.inject({ method: 'GET', url: '/v1/models', headers: { authorization: 'Token abc' } }))
        .statusCode,
    ).toBe(401);
  });
});

describe('scopes on projects', () => {
  const get = (caller: string, url: string) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${secret(caller)}` } });

  it('lists only the projects in the caller’s scope', async () => {
    const ids = async (caller: string): Promise<string[]> =>
      (bodyOf(await get(caller, '/v1/models/two-base/projects'))['projects'] as { project: string }[]).map(
        (p) => p.project,
      );
    expect(await ids('admin')).toHaveLength(5);
    expect(await ids('analyst')).toHaveLength(5);
    expect(await ids('authority-china')).toHaveLength(5);
    expect(await ids('authority-gansu')).toEqual(['baiyin-expansion', 'baiyin-baotou-rail-upgrade']);
    expect(await ids('authority-inner-mongolia')).toEqual([
      'ngd-baotou-separation',
      'jlmag-baotou-phase3',
      'nre-alloy-baotou',
    ]);
    expect(await ids('planner-cnre')).toEqual([
      'ngd-baotou-separation',
      'baiyin-expansion',
      'baiyin-baotou-rail-upgrade',
    ]);
    expect(await ids('planner-ningbo')).toEqual([]);
    const other = await get('authority-inner-mongolia', '/v1/models/two-base/projects/baiyin-expansion');
    expect(other.statusCode).toBe(403);
    expect(bodyOf(other)).toEqual({
      code: 'OUT_OF_SCOPE',
      message: "project 'baiyin-expansion' is outside the scope of this token",
    });
  });
});

describe('the dashboard’s session and event-stream cookie', () => {
  const port = (): number => (app.server.address() as { port: number }).port;

  it('says whether tokens are needed and whose the token is, without a 401 for no token', async () => {
    expect(bodyOf(await app.inject({ method: 'GET', url: '/v1/session' }))).toEqual({
      auth: 'required',
      principal: null,
    });
    const mine = await app.inject({
      method: 'GET',
      url: '/v1/session',
      headers: { authorization: `Bearer ${secret('authority-gansu')}` },
    });
    expect(bodyOf(mine)).toEqual({
      auth: 'required',
      principal: {
        id: 'authority-gansu',
        name: 'authority-gansu',
        role: 'authority',
        scope: { jurisdiction: 'CN-GS' },
      },
    });
  });

  it('takes the token from the reeflow_token cookie on event streams only', async () => {
    const cookie = { cookie: `other=1; reeflow_token=${encodeURIComponent(secret('planner-cnre'))}` };
    const aborter = new AbortController();
    const stream = await fetch(`http://127.0.0.1:${port()}/v1/live/events`, {
      headers: cookie,
      signal: aborter.signal,
    });
    aborter.abort();
    expect(stream.status).toBe(200);
    const outOfScope = await fetch(`http://127.0.0.1:${port()}/v1/live/events?facility=ningbo-magnets`, {
      headers: cookie,
    });
    expect(outOfScope.status).toBe(403); // the cookie's token keeps its scope
    expect((await app.inject({ method: 'GET', url: '/v1/live', headers: cookie })).statusCode).toBe(401); // not an event stream
    expect(
      (await app.inject({ method: 'POST', url: '/v1/alerts/al-baiyin/ack', headers: cookie, payload: {} }))
        .statusCode,
    ).toBe(401);
    const unknown = await app.inject({
      method: 'GET',
      url: '/v1/plans/nope/events',
      headers: { cookie: 'reeflow_token=not-a-token' },
    });
    expect(unknown.statusCode).toBe(401);
  });

  it('streams only the caller’s alerts', async () => {
    const firstEvent = async (caller: string): Promise<string> => {
      const aborter = new AbortController();
      const response = await fetch(`http://127.0.0.1:${port()}/v1/alerts/events`, {
        headers: { authorization: `Bearer ${secret(caller)}` },
        signal: aborter.signal,
      });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      let text = '';
      while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
      aborter.abort();
      return text;
    };
    const ids = (frame: string): string[] =>
      (JSON.parse(/data: (.*)/.exec(frame)?.[1] ?? '[]') as { id: string }[]).map((a) => a.id).sort();
    expect(ids(await firstEvent('admin'))).toEqual(['al-baiyin', 'al-ningbo']);
    expect(ids(await firstEvent('planner-ningbo'))).toEqual(['al-ningbo']);
    expect(ids(await firstEvent('authority-inner-mongolia'))).toEqual([]);
  });
});

describe('scopes on facility data', () => {
  const get = (caller: string, url: string) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${secret(caller)}` } });
  const events = async (caller: string, query = ''): Promise<string[]> =>
    (bodyOf(await get(caller, `/v1/telemetry${query}`))['events'] as { event: { id: string } }[]).map(
      (e) => e.event.id,
    );

  it('lists telemetry of the caller’s facilities only, in time order with the limit applied across them', async () => {
    // Readings 30, 25, 20 and 10 minutes before NOW: baiyin-1, ningbo-1, baiyin-2, bayan-1.
    expect(await events('admin')).toEqual(['r-baiyin-1', 'r-ningbo-1', 'r-baiyin-2', 'r-bayan-1']);
    expect(await events('planner-cnre')).toEqual(['r-baiyin-1', 'r-baiyin-2', 'r-bayan-1']); // runs Baiyin and Bayan Obo
    expect(await events('planner-ningbo')).toEqual(['r-ningbo-1']);
    expect(await events('authority-gansu')).toEqual(['r-baiyin-1', 'r-baiyin-2']);
    expect(await events('authority-inner-mongolia')).toEqual(['r-bayan-1']);
    expect(await events('authority-china')).toEqual(['r-baiyin-1', 'r-ningbo-1', 'r-baiyin-2', 'r-bayan-1']);
    expect(await events('planner-cnre', '?limit=2')).toEqual(['r-baiyin-1', 'r-baiyin-2']);
    expect(await events('planner-cnre', '?limit=2&order=desc')).toEqual(['r-bayan-1', 'r-baiyin-2']);
    const other = await get('planner-ningbo', '/v1/telemetry?facility=baiyin-separation');
    expect(other.statusCode).toBe(403);
    expect(bodyOf(other)).toEqual({
      code: 'OUT_OF_SCOPE',
      message: "facility 'baiyin-separation' is outside the scope of this token",
    });
    expect(bodyOf(await get('analyst', '/v1/telemetry'))['code']).toBe('FORBIDDEN');
  });

  it('cuts aggregates, live state, assets and alerts to the caller’s facilities', async () => {
    const aggregate = async (caller: string): Promise<string[]> =>
      (
        bodyOf(
          await get(
            caller,
            `/v1/telemetry/aggregate?kind=sensor&bucket=day&from=${NOW - 86_400_000}&to=${NOW}`,
          ),
        )['rows'] as { facility: string }[]
      ).map((r) => r.facility);
    expect(await aggregate('admin')).toEqual(['baiyin-separation', 'bayan-obo', 'ningbo-magnets']);
    expect(await aggregate('authority-gansu')).toEqual(['baiyin-separation']);
    const sensors = async (caller: string): Promise<string[]> =>
      (bodyOf(await get(caller, '/v1/live'))['sensors'] as { facility: string }[])
        .map((r) => r.facility)
        .sort();
    expect(await sensors('admin')).toEqual(['baiyin-separation', 'bayan-obo', 'ningbo-magnets']);
    expect(await sensors('planner-ningbo')).toEqual(['ningbo-magnets']);
    expect(await sensors('authority-inner-mongolia')).toEqual(['bayan-obo']);
    const assets = async (caller: string): Promise<string[]> =>
      (bodyOf(await get(caller, '/v1/assets'))['assets'] as { facility: string; asset: string }[])
        .map((a) => `${a.facility}/${a.asset}`)
        .sort();
    expect(await assets('planner-cnre')).toEqual(['baiyin-separation/pump-9', 'bayan-obo/crusher-1']);
    expect(await assets('planner-ningbo')).toEqual(['ningbo-magnets/press-2']);
    expect(bodyOf(await get('planner-ningbo', '/v1/assets/pump-9'))['code']).toBe('OUT_OF_SCOPE');
    const alerts = async (caller: string): Promise<string[]> =>
      (bodyOf(await get(caller, '/v1/alerts'))['alerts'] as { id: string }[]).map((a) => a.id);
    expect(await alerts('admin')).toEqual(['al-ningbo', 'al-baiyin']); // newest first
    expect(await alerts('authority-china')).toEqual(['al-ningbo', 'al-baiyin']);
    expect(await alerts('planner-ningbo')).toEqual(['al-ningbo']);
    expect(await alerts('authority-inner-mongolia')).toEqual([]);
    expect(bodyOf(await get('authority-gansu', '/v1/alerts/webhooks'))['code']).toBe('OUT_OF_SCOPE');
  });
});

describe('the audit log', () => {
  const send = (
    caller: string,
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    payload?: unknown,
    contentType?: string,
  ) =>
    app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${secret(caller)}`,
        ...(contentType ? { 'content-type': contentType } : {}),
      },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
  type Entry = {
    seq: number;
    at: string;
    actor: { id: string; role: string };
    action: string;
    target: string;
    facility?: string;
    jurisdictions?: string[];
    before?: unknown;
    after?: unknown;
  };
  const entries = async (caller: string, query = ''): Promise<Entry[]> =>
    bodyOf(await send(caller, 'GET', `/v1/audit${query}`))['entries'] as Entry[];

  it('records who changed what, when, before and after, for every kind of change', async () => {
    const moved = await send(
      'planner-cnre',
      'POST',
      '/v1/models/two-base/projects/baiyin-expansion/transitions',
      { to: 'permitting', note: 'filed' },
    );
    expect(moved.statusCode).toBe(200);
    const [transition] = await entries('admin', '?action=project.transition&limit=1');
    expect(transition).toMatchObject({
      at: new Date(NOW).toISOString(),
      actor: { id: 'planner-cnre', role: 'planner' },
      target: 'two-base/projects/baiyin-expansion',
      facility: 'baiyin-separation',
      jurisdictions: ['CN-GS', 'CN'],
      before: { status: 'proposed' },
      after: { status: 'permitting', statusSince: '2026-03-10', note: 'filed' },
    });

    expect(
      (await send('planner-ningbo', 'POST', '/v1/alerts/al-ningbo/ack', { note: 'crew on site' })).statusCode,
    ).toBe(200);
    const [ack] = await entries('admin', '?action=alert.acknowledge&target=alerts/al-ningbo');
    expect(ack).toMatchObject({
      actor: { id: 'planner-ningbo' },
      facility: 'ningbo-magnets',
      jurisdictions: ['CN-ZJ', 'CN'],
      before: { acknowledged: null },
      after: { acknowledged: { by: 'planner-ningbo', at: NOW, note: 'crew on site' } },
    });

    const model = [
      'schemaVersion: 1',
      'name: Audit probe',
      'horizon: { start: 2026-01, periods: 1, step: year }',
      'jurisdictions: [{ id: AU, name: Australia }]',
      'materials: [{ id: ox, kind: oxide, elements: { Nd: 1 } }]',
      'facilities:',
      '  - { id: au-mine, jurisdiction: AU, processes: [{ id: mine, stage: mining, outputs: { ox: 1 }, capacity: 10, cost: 1 }] }',
      '',
    ].join('\n');
    expect(
      (await send('planner-any', 'POST', '/v1/models?id=audit-probe', model, 'application/yaml')).statusCode,
    ).toBe(201);
    const [upload] = await entries('admin', '?action=model.upload');
    expect(upload).toMatchObject({
      actor: { id: 'planner-any' },
      target: 'models/audit-probe',
      after: {
        id: 'audit-probe',
        name: 'Audit probe',
        format: 'yaml',
        bytes: model.length,
        sha256: createHash('sha256').update(model).digest('hex'),
      },
    });
    expect(
      (
        await send(
          'planner-any',
          'POST',
          '/v1/models?id=audit-broken',
          'schemaVersion: 1\n',
          'application/yaml',
        )
      ).statusCode,
    ).toBe(422);
    expect(await entries('admin', '?target=models/audit-broken')).toEqual([]); // nothing registered, nothing recorded

    const planned = await send('authority-gansu', 'POST', '/v1/plans', { model: 'binding-quota' });
    expect(planned.statusCode).toBe(202);
    const planId = String(bodyOf(planned)['id']);
    const [start] = await entries('admin', '?action=plan.start&limit=1');
    expect(start).toMatchObject({
      actor: { id: 'authority-gansu' },
      target: `plans/${planId}`,
      after: { model: 'binding-quota' },
    });

    const hook = await send('admin', 'POST', '/v1/alerts/webhooks', {
      url: 'http://127.0.0.1:9/audit',
      minSeverity: 'critical',
      allowPrivateTarget: true,
    });
    const hookId = String(bodyOf(hook)['id']);
    expect((await send('admin', 'DELETE', `/v1/alerts/webhooks/${hookId}`)).statusCode).toBe(204);
    expect(
      (await entries('admin', `?target=webhooks/${hookId}`)).map((e) => [
        e.action,
        e.before === undefined,
        e.after === undefined,
      ]),
    ).toEqual([
      ['webhook.remove', false, true],
      ['webhook.add', true, false],
    ]);
    const all = await entries('admin');
    expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((a, b) => b - a)); // newest first
  });

  it('shows an authority the entries of its jurisdiction only', async () => {
    const targets = async (caller: string): Promise<Set<string>> =>
      new Set((await entries(caller)).map((e) => e.target));
    const gansu = await targets('authority-gansu');
    expect(gansu.has('two-base/projects/baiyin-expansion')).toBe(true);
    expect(gansu.has('alerts/al-ningbo')).toBe(false);
    expect(
      [...gansu].some((t) => t.startsWith('plans/') || t.startsWith('webhooks/') || t.startsWith('models/')),
    ).toBe(false); // not about a facility
    const china = await targets('authority-china');
    expect(china.has('alerts/al-ningbo') && china.has('two-base/projects/baiyin-expansion')).toBe(true);
    expect((await targets('authority-inner-mongolia')).has('two-base/projects/baiyin-expansion')).toBe(false);
    expect((await targets('admin')).size).toBeGreaterThan(china.size);
    expect((await send('planner-cnre', 'GET', '/v1/audit')).statusCode).toBe(403);
  });
});
