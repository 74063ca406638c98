import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryTokenStore } from '../../src/server/auth.js';
import { BUNDLED_DATA_DIR, createModelRegistry } from '../../src/server/models.js';
import { bodyOf, createTestApp, T0 } from '../server/helpers.js';

const TOKENS = {
  planner: { role: 'planner', scope: { operator: 'China Northern Rare Earth' } },
  gansu: { role: 'authority', scope: { jurisdiction: 'CN-GS' } },
  china: { role: 'authority', scope: { jurisdiction: 'CN' } },
  admin: { role: 'admin' },
} as const;
const secret = (name: string): string => `secret-${name}-0123456789`;

let app: FastifyInstance;
beforeAll(async () => {
  const tokens = createMemoryTokenStore(
    Object.entries(TOKENS).map(([name, t]) => ({ id: name, name, ...t, token: secret(name) })),
    () => T0,
  );
  app = createTestApp({
    auth: { tokens },
    models: createModelRegistry([
      { id: 'two-base', path: join(BUNDLED_DATA_DIR, 'two-base'), source: 'bundled' },
    ]),
  });
  await app.ready();
});
afterAll(() => app.close());

const move = (who: keyof typeof TOKENS, project: string, to: string) =>
  app.inject({
    method: 'POST',
    url: `/v1/models/two-base/projects/${project}/transitions`,
    payload: { to },
    headers: { authorization: `Bearer ${secret(who)}` },
  });

describe('the project list over HTTP', () => {
  it("states the model's currency, so capex and NPV are not bare numbers", async () => {
    const list = bodyOf(
      await app.inject({
        method: 'GET',
        url: '/v1/models/two-base/projects',
        headers: { authorization: `Bearer ${secret('admin')}` },
      }),
    );
    expect(list).toMatchObject({ model: 'two-base', currency: 'USD' });
  });
});

describe('project stage transitions over HTTP', () => {
  it('lets the sponsor apply, the authority of the jurisdiction permit, and records each change', async () => {
    // proposed → permitting: no authority acts on 'proposed', so the sponsor's planner does
    expect(bodyOf(await move('gansu', 'baiyin-expansion', 'permitting'))['code']).toBe('OUT_OF_SCOPE');
    expect(bodyOf(await move('planner', 'baiyin-expansion', 'permitting'))).toEqual({
      model: 'two-base',
      project: 'baiyin-expansion',
      from: 'proposed',
      to: 'permitting',
      by: 'planner',
      audit: 1,
    });
    // permitting → approved: the Gansu DRC acts on permitting; the planner may not
    expect((await move('planner', 'baiyin-expansion', 'approved')).statusCode).toBe(403);
    expect((await move('gansu', 'baiyin-expansion', 'approved')).statusCode).toBe(200);
    // skipping financed is refused with a code
    const skip = await move('china', 'baiyin-expansion', 'construction');
    expect(skip.statusCode).toBe(409);
    expect(bodyOf(skip)).toEqual({
      code: 'PROJECT_STAGE_SKIP',
      message:
        "project 'baiyin-expansion' is approved; moving to construction would skip financed; the next stage is financed",
    });
    // approved → financed: an authority acts (MIIT); China's authority reaches Gansu (a sub-jurisdiction)
    expect((await move('china', 'baiyin-expansion', 'financed')).statusCode).toBe(200);
    const row = bodyOf(
      await app.inject({
        method: 'GET',
        url: '/v1/models/two-base/projects/baiyin-expansion',
        headers: { authorization: `Bearer ${secret('admin')}` },
      }),
    )['project'] as { status: string };
    expect(row.status).toBe('financed');
    const audit = bodyOf(
      await app.inject({
        method: 'GET',
        url: '/v1/audit',
        headers: { authorization: `Bearer ${secret('admin')}` },
      }),
    )['entries'] as Record<string, unknown>[];
    expect(
      audit.map((e) => [
        e['seq'],
        (e['actor'] as { id: string }).id,
        e['action'],
        e['target'],
        e['before'],
        e['after'],
        e['at'],
      ]),
    ).toEqual([
      [
        3,
        'china',
        'project.transition',
        'two-base/projects/baiyin-expansion',
        { status: 'approved', statusSince: '2026-01-01' },
        { status: 'financed', statusSince: '2026-01-01' },
        '2026-01-01T00:00:00.000Z',
      ],
      [
        2,
        'gansu',
        'project.transition',
        'two-base/projects/baiyin-expansion',
        { status: 'permitting', statusSince: '2026-01-01' },
        { status: 'approved', statusSince: '2026-01-01' },
        '2026-01-01T00:00:00.000Z',
      ],
      [
        1,
        'planner',
        'project.transition',
        'two-base/projects/baiyin-expansion',
        { status: 'proposed' },
        { status: 'permitting', statusSince: '2026-01-01' },
        '2026-01-01T00:00:00.000Z',
      ],
    ]);
  });

  it('refuses bad allocation requests with codes before running anything', async () => {
    const post = (payload: object) =>
      app.inject({
        method: 'POST',
        url: '/v1/allocations',
        payload,
        headers: { authorization: `Bearer ${secret('planner')}` },
      });
    expect(bodyOf(await post({ model: 'two-base', budget: -1 }))['code']).toBe('ALLOCATE_NEGATIVE_BUDGET');
    expect(bodyOf(await post({ model: 'two-base', goal: 'profit' }))['code']).toBe('ALLOCATE_BAD_GOAL');
    expect(bodyOf(await post({ model: 'nope' }))['code']).toBe('MODEL_NOT_FOUND');
  });
});
