/**
 * Project stages survive a restart (issue 9): stage changes made through the API are kept in the
 * operate store of the data folder and replayed by the next `reeflow serve`, so a project stays in
 * the stage it was moved to and the next move starts from there.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditServeHook } from '../../src/server/audit-hook.js';
import { startServer, type ServeOptions } from '../../src/server/main.js';
import { BUNDLED_DATA_DIR, createModelRegistry } from '../../src/server/models.js';
import { operateServeHook } from '../../src/server/operate.js';
import { openSqliteStore } from '../../src/store/index.js';
import { createTestApp } from '../server/helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reeflow-stages-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const PROJECT = '/v1/models/two-base/projects/baiyin-expansion';

async function serve(): Promise<{ url: string; close(): Promise<void> }> {
  const options: ServeOptions = {
    model: 'data/two-base',
    port: 0,
    host: '127.0.0.1',
    mqttPort: 0,
    dataDir: dir,
    solver: 'highs',
    logLevel: 'silent',
    cwd: process.cwd(),
  };
  return startServer(options, [operateServeHook, auditServeHook]);
}

const post = (url: string, body: unknown): Promise<Response> =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const statusOf = async (url: string): Promise<{ status: string }> =>
  ((await (await fetch(`${url}${PROJECT}`)).json()) as { project: { status: string } }).project;

describe('project stages across a restart', () => {
  it('keeps the stage a project was moved to, and moves on from it', async () => {
    const first = await serve();
    try {
      expect((await statusOf(first.url)).status).toBe('proposed'); // as in data/two-base/projects.yaml
      expect((await post(`${first.url}${PROJECT}/transitions`, { to: 'permitting' })).status).toBe(200);
      expect(
        (await post(`${first.url}${PROJECT}/transitions`, { to: 'approved', note: 'Gansu DRC approval' }))
          .status,
      ).toBe(200);
    } finally {
      await first.close();
    }

    const second = await serve();
    try {
      expect((await statusOf(second.url)).status).toBe('approved');
      const row = (
        (await (await fetch(`${second.url}/v1/models/two-base/projects`)).json()) as {
          projects: { project: string; status: string }[];
        }
      ).projects.find((p) => p.project === 'baiyin-expansion');
      expect(row?.status).toBe('approved');
      // From the replayed stage: approved → financed is the next step (from the file's 'proposed' it would skip two).
      const skip = await post(`${second.url}${PROJECT}/transitions`, { to: 'construction' });
      expect(((await skip.json()) as { code: string }).code).toBe('PROJECT_STAGE_SKIP');
      const moved = await post(`${second.url}${PROJECT}/transitions`, { to: 'financed' });
      expect(await moved.json()).toMatchObject({ from: 'approved', to: 'financed' });
      const audit = (
        (await (await fetch(`${second.url}/v1/audit?action=project.transition`)).json()) as {
          entries: { seq: number; before: { status: string }; after: { status: string } }[];
        }
      ).entries;
      expect(audit.map((e) => [e.seq, e.before.status, e.after.status])).toEqual([
        [3, 'approved', 'financed'],
        [2, 'permitting', 'approved'],
        [1, 'proposed', 'permitting'],
      ]);
    } finally {
      await second.close();
    }
  });
});

describe('recorded stages and the model file', () => {
  it('gives way to the file when it was edited on past the recorded stage', async () => {
    const store = openSqliteStore({ file: ':memory:' });
    // jlmag-baotou-phase3 is in construction in the file; a stage recorded earlier says approved.
    await store.projects.save({
      model: 'two-base',
      project: 'jlmag-baotou-phase3',
      status: 'approved',
      statusSince: '2025-01-01',
      changed: 0,
      by: 'admin',
    });
    await store.projects.save({
      model: 'two-base',
      project: 'baiyin-expansion',
      status: 'permitting',
      statusSince: '2026-02-01',
      changed: 0,
      by: 'admin',
    });
    const app = createTestApp({
      store,
      models: createModelRegistry(
        [{ id: 'two-base', path: join(BUNDLED_DATA_DIR, 'two-base'), source: 'bundled' }],
        { defaultId: 'two-base' },
      ),
    });
    try {
      const rows = (
        JSON.parse(
          (await app.inject({ method: 'GET', url: '/v1/models/two-base/projects?asOf=2026-03-01' })).body,
        ) as { projects: { project: string; status: string }[] }
      ).projects;
      expect(Object.fromEntries(rows.map((r) => [r.project, r.status]))).toMatchObject({
        'jlmag-baotou-phase3': 'construction',
        'baiyin-expansion': 'permitting',
      });
    } finally {
      await app.close();
      await store.close();
    }
  });
});
