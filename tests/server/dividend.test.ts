// GET /v1/dividend on the two-province model of tests/coordinate/dividend.test.ts (hand-computed there).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dividendResultSchema } from '../../src/coordinate/index.js';
import { createModelRegistry } from '../../src/server/models.js';
import { TWO_PROVINCES } from '../coordinate/two-provinces.js';
import { bodyOf, createTestApp, EXAMPLE_MODELS } from './helpers.js';

let dir: string;
let app: FastifyInstance;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reeflow-dividend-api-'));
  const file = join(dir, 'two-provinces.json');
  await writeFile(file, JSON.stringify(TWO_PROVINCES));
  app = createTestApp({
    models: createModelRegistry([...EXAMPLE_MODELS, { id: 'two-provinces', path: file, source: 'bundled' }]),
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

const get = (query: string) => app.inject({ method: 'GET', url: `/v1/dividend?${query}` });

describe('GET /v1/dividend', () => {
  it('answers the dividend per region in the declared shape: 2,500 USD at market prices', async () => {
    const response = await get('model=two-provinces&prices=market');
    expect(response.statusCode).toBe(200);
    const d = dividendResultSchema.parse(bodyOf(response));
    expect(d.dividend).toBeCloseTo(2500, 3);
    expect(d.regions.find((r) => r.region === 'CN-B')?.transfer).toBeCloseTo(1500, 3);
  });

  it('refuses one region (422), an unknown model (404) and a bad level (400)', async () => {
    const one = await get('model=two-provinces&level=1');
    expect(one.statusCode).toBe(422);
    expect(bodyOf(one)['code']).toBe('DIVIDEND_BAD_REGIONS');
    expect((await get('model=nope')).statusCode).toBe(404);
    expect((await get('model=two-provinces&level=0')).statusCode).toBe(400);
  });
});
