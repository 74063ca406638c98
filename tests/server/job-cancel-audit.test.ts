/**
 * Cancelling a job through the API is audited: GET /v1/audit shows who cancelled which plan,
 * simulation or stockpile sizing, with its status before and after. The job runner here runs
 * nothing (concurrency 0), so every job is still queued when it is cancelled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRunner } from '../../src/server/jobs.js';
import { bodyOf } from './helpers.js';
import {
  as,
  createScopedOperateApp,
  NOW,
  type Caller,
  type ScopedOperateApp,
} from './scoped-operate-helpers.js';

let env: ScopedOperateApp;
beforeAll(async () => {
  env = await createScopedOperateApp({
    app: { jobs: createJobRunner({ clock: () => NOW, concurrency: 0 }) },
  });
});
afterAll(() => env.close());

const send = (caller: Caller, method: 'POST' | 'DELETE', url: string, payload?: object) =>
  env.app.inject({ method, url, headers: as(caller), ...(payload ? { payload } : {}) });

/** Starts a job as admin, cancels it as `caller`, and returns the audit entries about it, newest first. */
async function startAndCancel(
  base: string,
  body: object,
  caller: Caller,
): Promise<{ id: string; entries: Record<string, unknown>[] }> {
  const started = await send('admin', 'POST', base, body);
  expect(started.statusCode).toBe(202);
  const id = String(bodyOf(started)['id']);
  const cancelled = await send(caller, 'DELETE', `${base}/${id}`);
  expect(cancelled.statusCode).toBe(202);
  expect(bodyOf(cancelled)['status']).toBe('cancelled');
  const target = `${base.replace('/v1/', '')}/${id}`;
  const audit = await env.app.inject({
    method: 'GET',
    url: `/v1/audit?target=${encodeURIComponent(target)}`,
    headers: as('admin'),
  });
  return { id, entries: bodyOf(audit)['entries'] as Record<string, unknown>[] };
}

describe('cancelling jobs is audited', () => {
  it('records who cancelled a plan, and its status before and after', async () => {
    const { id, entries } = await startAndCancel('/v1/plans', { model: 'binding-quota' }, 'planner-any');
    expect(entries.map((e) => [e['action'], (e['actor'] as { id: string }).id])).toEqual([
      ['plan.cancel', 'planner-any'],
      ['plan.start', 'admin'],
    ]);
    expect(entries[0]).toMatchObject({
      target: `plans/${id}`,
      at: new Date(NOW).toISOString(),
      actor: { id: 'planner-any', name: 'planner-any', role: 'planner' },
      before: { status: 'queued' },
      after: { status: 'cancelled' },
    });
    expect(typeof entries[0]?.['requestId']).toBe('string');
  });

  it('records cancelled simulations and stockpile sizings the same way', async () => {
    const simulation = await startAndCancel(
      '/v1/simulations',
      { model: 'binding-quota', runs: 2, days: 10 },
      'authority-any',
    );
    expect(simulation.entries[0]).toMatchObject({
      action: 'simulation.cancel',
      target: `simulations/${simulation.id}`,
      actor: { id: 'authority-any', role: 'authority' },
      before: { status: 'queued' },
      after: { status: 'cancelled' },
    });
    const sizing = await startAndCancel(
      '/v1/stockpile-sizing',
      { model: 'binding-quota', runs: 3, days: 30, material: 'ox', holder: 'JP', target: 0.9 },
      'planner-cnre',
    );
    expect(sizing.entries.map((e) => [e['action'], (e['actor'] as { id: string }).id])).toEqual([
      ['stockpile-sizing.cancel', 'planner-cnre'],
      ['stockpile-sizing.start', 'admin'],
    ]);
  });
});
