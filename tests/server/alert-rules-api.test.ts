/**
 * Alert rules through the API: PUT /v1/alerts/rules/:id creates or replaces a rule and DELETE removes
 * it; both apply to the running service at once, are audited, are refused (403 OUT_OF_SCOPE) for a
 * scoped token on another facility's rule or a rule about every facility, and a bad rule is a 400
 * that names the field. Persistence across a restart is in alert-rules-restart.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertRule } from '../../src/monitor/index.js';
import { bodyOf } from './helpers.js';
import {
  as,
  createScopedOperateApp,
  reading,
  type Caller,
  type ScopedOperateApp,
} from './scoped-operate-helpers.js';

/** Vibration of pump-1 at Baiyin above 8 mm/s. */
const VIBRATION = {
  id: 'vib-high',
  kind: 'threshold',
  event: 'sensor',
  series: 'pump-1|vibration',
  above: 8,
  facility: 'baiyin-separation',
};

let env: ScopedOperateApp;
let saved: (readonly AlertRule[])[];
beforeEach(async () => {
  saved = [];
  env = await createScopedOperateApp({ saveRules: async (rules) => void saved.push(rules) });
});
afterEach(() => env.close());

const put = (caller: Caller, rule: Record<string, unknown>, id = String(rule['id'])) =>
  env.app.inject({ method: 'PUT', url: `/v1/alerts/rules/${id}`, headers: as(caller), payload: rule });
const remove = (caller: Caller, id: string) =>
  env.app.inject({ method: 'DELETE', url: `/v1/alerts/rules/${id}`, headers: as(caller) });
const ruleIds = async (caller: Caller = 'admin'): Promise<string[]> =>
  (
    bodyOf(await env.app.inject({ method: 'GET', url: '/v1/alerts/rules', headers: as(caller) }))[
      'rules'
    ] as { id: string }[]
  ).map((r) => r.id);
const openAlerts = async (): Promise<{ rule: string; value: number; limit: number }[]> =>
  env.store.alerts.list({ status: 'open' }) as Promise<{ rule: string; value: number; limit: number }[]>;

describe('alert rules through the API', () => {
  it('creates a threshold rule that raises an alert on the next event that crosses it', async () => {
    const created = await put('planner-cnre', VIBRATION);
    expect(created.statusCode).toBe(201);
    expect(bodyOf(created)).toEqual({ ...VIBRATION, severity: 'warning' }); // the default severity filled in
    expect(await ruleIds()).toEqual(['vib-high']);
    expect(saved.map((rules) => rules.map((r) => r.id))).toEqual([['vib-high']]);
    await env.operate.ingest([
      reading('b1', 'baiyin-separation', 7.5, 20),
      reading('b2', 'baiyin-separation', 9.5, 10),
    ]);
    expect((await openAlerts()).map((a) => [a.rule, a.value, a.limit])).toEqual([['vib-high', 9.5, 8]]);
  });

  it('replaces a rule: its open alert resolves, and the new limit judges the next events', async () => {
    await put('admin', VIBRATION);
    await env.operate.ingest([reading('b1', 'baiyin-separation', 9.5, 20)]);
    expect(await openAlerts()).toHaveLength(1);
    const replaced = await put('planner-cnre', { ...VIBRATION, above: 10 });
    expect(replaced.statusCode).toBe(200);
    expect(await openAlerts()).toEqual([]);
    const [resolved] = await env.store.alerts.list({ status: 'resolved' });
    expect(resolved?.rule).toBe('vib-high');
    await env.operate.ingest([reading('b2', 'baiyin-separation', 9.5, 10)]); // under the new 10
    expect(await openAlerts()).toEqual([]);
    await env.operate.ingest([reading('b3', 'baiyin-separation', 10.5, 5)]);
    expect((await openAlerts()).map((a) => [a.value, a.limit])).toEqual([[10.5, 10]]);
  });

  it('deletes a rule: it stops raising alerts, and a second delete is a 404', async () => {
    await put('admin', VIBRATION);
    expect((await remove('planner-cnre', 'vib-high')).statusCode).toBe(204);
    expect(await ruleIds()).toEqual([]);
    expect(saved.map((rules) => rules.length)).toEqual([1, 0]);
    await env.operate.ingest([reading('b1', 'baiyin-separation', 20, 10)]);
    expect(await openAlerts()).toEqual([]);
    const again = await remove('admin', 'vib-high');
    expect(again.statusCode).toBe(404);
    expect(bodyOf(again)['code']).toBe('NOT_FOUND');
  });

  it('audits every change with the caller, the rule before and after, and its facility', async () => {
    await put('planner-cnre', VIBRATION);
    await put('planner-any', { ...VIBRATION, above: 10 });
    await remove('admin', 'vib-high');
    const entries = bodyOf(
      await env.app.inject({
        method: 'GET',
        url: '/v1/audit?target=alerts/rules/vib-high',
        headers: as('admin'),
      }),
    )['entries'] as Record<string, unknown>[];
    expect(
      entries.map((e) => [
        e['action'],
        (e['actor'] as { id: string }).id,
        (e['before'] as { above?: number } | undefined)?.above,
        (e['after'] as { above?: number } | undefined)?.above,
      ]),
    ).toEqual([
      ['alert-rule.delete', 'admin', 10, undefined],
      ['alert-rule.replace', 'planner-any', 8, 10],
      ['alert-rule.create', 'planner-cnre', undefined, 8],
    ]);
    expect(entries[0]).toMatchObject({ facility: 'baiyin-separation', jurisdictions: ['CN-GS', 'CN'] });
  });

  it('answers a bad rule with 400 VALIDATION_FAILED naming the field, and changes nothing', async () => {
    const cases: [Record<string, unknown>, (string | number)[]][] = [
      [{ ...VIBRATION, above: 'high' }, ['body', 'above']],
      [{ id: 'vib-high', kind: 'threshold', event: 'sensor' }, ['body', 'above']], // neither above nor below
      [{ ...VIBRATION, kind: 'sometimes' }, ['body', 'kind']],
      [{ ...VIBRATION, colour: 'red' }, ['body']], // unknown key
      [{ id: 'missing', kind: 'missing-data', event: 'sensor', minutes: -5 }, ['body', 'minutes']],
    ];
    for (const [rule, path] of cases) {
      const response = await put('admin', rule, 'vib-high');
      expect(response.statusCode).toBe(400);
      const body = bodyOf(response);
      expect(body['code']).toBe('VALIDATION_FAILED');
      expect((body['issues'] as { path: unknown[] }[])[0]?.path).toEqual(path);
    }
    const mismatch = await put('admin', VIBRATION, 'other-id');
    expect(bodyOf(mismatch)).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ code: 'REQUEST_ID_MISMATCH', path: ['body', 'id'] }],
    });
    expect(await ruleIds()).toEqual([]);
    expect(saved).toEqual([]);
  });

  it('keeps a scoped token to rules of its own facilities (403 OUT_OF_SCOPE otherwise)', async () => {
    const other = await put('planner-ningbo', VIBRATION);
    expect(other.statusCode).toBe(403);
    expect(bodyOf(other)).toEqual({
      code: 'OUT_OF_SCOPE',
      message: "facility 'baiyin-separation' is outside the scope of this token",
    });
    const everywhere = await put('planner-ningbo', {
      id: 'any-vib',
      kind: 'threshold',
      event: 'sensor',
      above: 8,
    });
    expect(bodyOf(everywhere)['code']).toBe('OUT_OF_SCOPE');
    const listed = await put('planner-ningbo', {
      id: 'silent',
      kind: 'missing-data',
      event: 'sensor',
      minutes: 60,
      facilities: ['ningbo-magnets', 'baiyin-separation'],
    });
    expect(bodyOf(listed)['code']).toBe('OUT_OF_SCOPE');
    expect(
      (await put('planner-ningbo', { ...VIBRATION, id: 'press-vib', facility: 'ningbo-magnets' })).statusCode,
    ).toBe(201);
    expect((await put('admin', VIBRATION)).statusCode).toBe(201);
    expect(bodyOf(await remove('planner-ningbo', 'vib-high'))['code']).toBe('OUT_OF_SCOPE');
    expect(bodyOf(await put('planner-ningbo', { ...VIBRATION, facility: 'ningbo-magnets' }))['code']).toBe(
      'OUT_OF_SCOPE',
    ); // taking over Baiyin's rule
    expect(bodyOf(await put('authority-any', { ...VIBRATION, id: 'x' }))['code']).toBe('FORBIDDEN'); // authorities and analysts read rules, never write them
    expect(await ruleIds()).toEqual(['press-vib', 'vib-high']);
  });

  it('changes nothing when the rules cannot be saved', async () => {
    await env.close();
    env = await createScopedOperateApp({ saveRules: () => Promise.reject(new Error('disk full')) });
    expect((await put('admin', VIBRATION)).statusCode).toBe(500);
    expect(await ruleIds()).toEqual([]);
    expect(
      bodyOf(await env.app.inject({ method: 'GET', url: '/v1/audit', headers: as('admin') }))['entries'],
    ).toEqual([]);
  });
});
