/**
 * Alert rules changed through the API survive a restart: `reeflow serve` writes them to
 * `<data-dir>/alerts.yaml` (atomically, no temporary file left behind) and the next server over the
 * same data folder starts with them.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startServer, type RunningServer, type ServeOptions } from '../../src/server/main.js';
import { operateServeHook } from '../../src/server/operate.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reeflow-rules-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const serve = (): Promise<RunningServer> => {
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
  return startServer(options, [operateServeHook]);
};
const ruleIds = async (url: string): Promise<string[]> =>
  ((await (await fetch(`${url}/v1/alerts/rules`)).json()) as { rules: { id: string }[] }).rules.map(
    (r) => r.id,
  );
const put = (url: string, rule: Record<string, unknown> & { id: string }): Promise<Response> =>
  fetch(`${url}/v1/alerts/rules/${rule.id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rule),
  });

describe('alert rules across a restart', () => {
  it('keeps rules created, replaced and deleted through the API', async () => {
    const first = await serve();
    try {
      // No alerts.yaml yet: the three default rules (src/server/operate.ts).
      expect(await ruleIds(first.url)).toEqual([
        'production-missing',
        'production-off-plan',
        'unplanned-stop',
      ]);
      expect(
        (
          await put(first.url, {
            id: 'vib-high',
            kind: 'threshold',
            event: 'sensor',
            above: 8,
            facility: 'baiyin-separation',
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await put(first.url, {
            id: 'vib-high',
            kind: 'threshold',
            event: 'sensor',
            above: 9,
            facility: 'baiyin-separation',
          })
        ).status,
      ).toBe(200);
      expect(
        (await fetch(`${first.url}/v1/alerts/rules/production-off-plan`, { method: 'DELETE' })).status,
      ).toBe(204);
    } finally {
      await first.close();
    }
    expect((await readdir(dir)).filter((name) => name.includes('alerts'))).toEqual(['alerts.yaml']); // no temporary file left
    const file = parseYaml(await readFile(join(dir, 'alerts.yaml'), 'utf8')) as {
      rules: { id: string; above?: number }[];
    };
    expect(file.rules.map((r) => [r.id, r.above])).toEqual([
      ['production-missing', undefined],
      ['unplanned-stop', undefined],
      ['vib-high', 9],
    ]);

    const second = await serve();
    try {
      expect(await ruleIds(second.url)).toEqual(['production-missing', 'unplanned-stop', 'vib-high']);
      const rules = (
        (await (await fetch(`${second.url}/v1/alerts/rules`)).json()) as { rules: Record<string, unknown>[] }
      ).rules;
      expect(rules[2]).toEqual({
        id: 'vib-high',
        kind: 'threshold',
        event: 'sensor',
        series: '*',
        above: 9,
        facility: 'baiyin-separation',
        severity: 'warning',
      });
    } finally {
      await second.close();
    }
  });
});
