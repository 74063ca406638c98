/**
 * Crash safety: `reeflow serve` is killed with SIGKILL while clients stream telemetry into it.
 * Every event whose request was answered 2xx must be stored, exactly once; after a restart the
 * clients re-send what was not acknowledged and every event is stored exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'reeflow-kill-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts `reeflow serve` on free ports and resolves with its URL once it listens. */
async function serve(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/reeflow.js'), 'serve', join(ROOT, 'data/two-base'), '--port', '0', '--mqtt-port', '0', '--data-dir', dataDir, '--rate-limit', '0', '--log-level', 'error'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start:\n${output}`)), 60_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /serving on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        done({ url: match[1], child });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('exit', (code) => fail(new Error(`serve exited with ${code}:\n${output}`)));
  });
}

/** Resolves once the child has exited (at once if it already has). */
const exited = (child: ChildProcess): Promise<unknown> => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((done) => child.once('exit', done)));

const BATCH = 400;
const batchBody = (batch: number, time: number): string =>
  Array.from({ length: BATCH }, (_, i) => JSON.stringify({ id: `k-${batch}-${i}`, kind: 'sensor', facility: 'bayan-obo', time: time + i, asset: 'crusher-1', tag: 'load', value: i, unit: '%' })).join('\n');

async function send(url: string, batch: number, time: number): Promise<boolean> {
  try {
    const response = await fetch(`${url}/v1/telemetry`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: batchBody(batch, time) });
    if (!response.ok) return false;
    const body = (await response.json()) as { accepted: number; duplicates: number };
    return body.accepted + body.duplicates === BATCH;
  } catch {
    return false;
  }
}

describe('SIGKILL while ingesting', () => {
  it('keeps every acknowledged event exactly once, and a re-send after restart completes the set', async () => {
    const time = Date.now() - 3_600_000;
    const first = await serve();
    const acked = new Set<number>();
    let next = 0;
    let killed = false;
    const worker = async (): Promise<void> => {
      while (!killed) {
        const batch = next++;
        if (await send(first.url, batch, time)) acked.add(batch);
      }
    };
    const workers = [worker(), worker(), worker(), worker()];
    while (acked.size < 10) await new Promise((done) => setTimeout(done, 20));
    first.child.kill('SIGKILL');
    killed = true;
    await Promise.all(workers);
    await exited(first.child);
    const sent = next;

    const store = openSqliteStore({ dataDir });
    const ackedIds = [...acked].flatMap((b) => Array.from({ length: BATCH }, (_, i) => `k-${b}-${i}`));
    expect((await store.telemetry.has(ackedIds)).size).toBe(ackedIds.length);
    const afterCrash = await store.telemetry.count();
    expect(afterCrash).toBeGreaterThanOrEqual(ackedIds.length);
    expect(afterCrash).toBeLessThanOrEqual(sent * BATCH);
    await store.close();

    const second = await serve();
    for (let batch = 0; batch < sent; batch += 1) expect(await send(second.url, batch, time)).toBe(true);
    second.child.kill('SIGTERM');
    await exited(second.child);
    const reopened = openSqliteStore({ dataDir });
    expect(await reopened.telemetry.count()).toBe(sent * BATCH);
    await reopened.close();
  }, 180_000);
});
