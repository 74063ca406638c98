/**
 * POST /v1/alerts/evaluate by a scoped planner runs the periodic rules over its own facilities only:
 * no alert is raised, stored or published about a facility outside its scope (an unscoped call
 * raises it). The rule: no sensor reading from Baiyin or Ningbo for more than 60 minutes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertChange } from '../../src/monitor/index.js';
import { bodyOf } from './helpers.js';
import {
  as,
  createScopedOperateApp,
  reading,
  type Caller,
  type ScopedOperateApp,
} from './scoped-operate-helpers.js';

let env: ScopedOperateApp;
let published: AlertChange[];
beforeEach(async () => {
  env = await createScopedOperateApp({
    rules: [
      {
        id: 'sensor-missing',
        kind: 'missing-data',
        event: 'sensor',
        minutes: 60,
        facilities: ['baiyin-separation', 'ningbo-magnets'],
      },
    ],
  });
  // Baiyin last reported 120 min ago, Ningbo 90 min ago: both over the 60 min limit.
  await env.operate.ingest([
    reading('b1', 'baiyin-separation', 3, 120),
    reading('n1', 'ningbo-magnets', 5, 90, 'press-2'),
  ]);
  published = [];
  env.operate.subscribe((message) => {
    if (message.type === 'alert') published.push(message.change);
  });
});
afterEach(() => env.close());

const evaluate = async (
  caller: Caller,
): Promise<{ type: string; alert: { facility: string; value: number } }[]> => {
  const response = await env.app.inject({ method: 'POST', url: '/v1/alerts/evaluate', headers: as(caller) });
  expect(response.statusCode).toBe(200);
  return bodyOf(response)['changes'] as { type: string; alert: { facility: string; value: number } }[];
};
const storedFacilities = async (): Promise<string[]> =>
  (await env.store.alerts.list({})).map((a) => a.facility ?? '').sort();

describe('evaluating alert rules with a scoped token', () => {
  it('raises alerts at the caller’s facilities only', async () => {
    const changes = await evaluate('planner-ningbo');
    expect(changes.map((c) => [c.type, c.alert.facility, c.alert.value])).toEqual([
      ['raised', 'ningbo-magnets', 90],
    ]);
    expect(await storedFacilities()).toEqual(['ningbo-magnets']);
    expect(published.map((c) => c.alert.facility)).toEqual(['ningbo-magnets']);
  });

  it('leaves the out-of-scope facility to an unscoped caller, who raises it', async () => {
    expect(await evaluate('planner-ningbo')).toHaveLength(1);
    const changes = await evaluate('planner-any');
    expect(changes.map((c) => [c.type, c.alert.facility, c.alert.value])).toEqual([
      ['raised', 'baiyin-separation', 120],
    ]); // Ningbo's is open already (repeats are reported at most once a minute)
    expect(await storedFacilities()).toEqual(['baiyin-separation', 'ningbo-magnets']);
  });
});
