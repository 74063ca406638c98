/**
 * Crash safety: `reeflow serve` is killed with SIGKILL while clients stream telemetry into it over
 * HTTP and MQTT QoS 1 (the embedded broker). Every event whose request was answered 2xx, and every
 * message whose PUBACK arrived, must be stored, exactly once; after a restart the clients re-send
 * what was not acknowledged and every event is stored exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'reeflow-kill-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts `reeflow serve` on free ports and resolves with its HTTP and MQTT URLs once it listens. */
async function serve(): Promise<{ url: string; mqttUrl: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin/reeflow.js'),
      'serve',
      join(ROOT, 'data/two-base'),
      '--port',
      '0',
      '--mqtt-port',
      '0',
      '--data-dir',
      dataDir,
      '--rate-limit',
      '0',
      '--log-level',
      'error',
      '--no-auth',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let output = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start:\n${output}`)), 60_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /serving on (http:\/\/\S+)/.exec(output);
      const broker = /MQTT broker \(embedded\) on (mqtt:\/\/[^\s;]+)/.exec(output);
      if (match?.[1] && broker?.[1]) {
        clearTimeout(timer);
        done({ url: match[1], mqttUrl: broker[1], child });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('exit', (code) => fail(new Error(`serve exited with ${code}:\n${output}`)));
  });
}

/** Resolves once the child has exited (at once if it already has). */
const exited = (child: ChildProcess): Promise<unknown> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((done) => child.once('exit', done));

const BATCH = 400;
const batchBody = (batch: number, time: number): string =>
  Array.from({ length: BATCH }, (_, i) =>
    JSON.stringify({
      id: `k-${batch}-${i}`,
      kind: 'sensor',
      facility: 'bayan-obo',
      time: time + i,
      asset: 'crusher-1',
      tag: 'load',
      value: i,
      unit: '%',
    }),
  ).join('\n');

async function send(url: string, batch: number, time: number): Promise<boolean> {
  try {
    const response = await fetch(`${url}/v1/telemetry`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: batchBody(batch, time),
    });
    if (!response.ok) return false;
    const body = (await response.json()) as { accepted: number; duplicates: number };
    return body.accepted + body.duplicates === BATCH;
  } catch {
    return false;
  }
}

const message = (n: number, time: number): string =>
  JSON.stringify({
    id: `m-${n}`,
    kind: 'sensor',
    facility: 'bayan-obo',
    time: time + n,
    asset: 'pump-1',
    tag: 'vibration',
    value: n % 10,
    unit: 'mm/s',
  });

/** Publishes QoS 1 messages until stopped, at most `window` unacknowledged; resolves with the PUBACKed numbers and how many were sent. */
function publishUntilStopped(
  url: string,
  time: number,
  window = 200,
): { acked: Set<number>; sent(): number; stop(): Promise<void> } {
  const client = mqtt.connect(url, { clientId: `kill-test-${process.pid}`, reconnectPeriod: 0 });
  const acked = new Set<number>();
  let n = 0;
  let inFlight = 0;
  let stopped = false;
  const pump = (): void => {
    while (!stopped && client.connected && inFlight < window) {
      const id = n++;
      inFlight += 1;
      client.publish('reeflow/v1/bayan-obo/sensor', message(id, time), { qos: 1 }, (error) => {
        inFlight -= 1;
        if (!error) acked.add(id);
        setImmediate(pump);
      });
    }
  };
  client.on('connect', pump);
  client.on('error', () => undefined);
  return {
    acked,
    sent: () => n,
    stop: async () => {
      stopped = true;
      // Ends the client: callbacks of messages never acknowledged fire with an error.
      await client.endAsync(true);
    },
  };
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
    const publisher = publishUntilStopped(first.mqttUrl, time);
    while (acked.size < 10 || publisher.acked.size < 1000) await new Promise((done) => setTimeout(done, 20));
    first.child.kill('SIGKILL');
    killed = true;
    await Promise.all(workers);
    await exited(first.child);
    await publisher.stop();
    const sent = next;
    const published = publisher.sent();

    const store = openSqliteStore({ dataDir });
    const ackedIds = [...acked].flatMap((b) => Array.from({ length: BATCH }, (_, i) => `k-${b}-${i}`));
    expect((await store.telemetry.has(ackedIds)).size).toBe(ackedIds.length);
    const pubackedIds = [...publisher.acked].map((n) => `m-${n}`);
    expect((await store.telemetry.has(pubackedIds)).size).toBe(pubackedIds.length);
    const afterCrash = await store.telemetry.count();
    expect(afterCrash).toBeGreaterThanOrEqual(ackedIds.length + pubackedIds.length);
    expect(afterCrash).toBeLessThanOrEqual(sent * BATCH + published);
    await store.close();

    const second = await serve();
    for (let batch = 0; batch < sent; batch += 1) expect(await send(second.url, batch, time)).toBe(true);
    // Every message again, the acknowledged ones too (a publisher that missed a PUBACK cannot tell).
    const again = await mqtt.connectAsync(second.mqttUrl, { reconnectPeriod: 0 });
    await Promise.all(
      Array.from({ length: published }, (_, n) =>
        again.publishAsync('reeflow/v1/bayan-obo/sensor', message(n, time), { qos: 1 }),
      ),
    );
    await again.endAsync();
    second.child.kill('SIGTERM');
    await exited(second.child);
    const reopened = openSqliteStore({ dataDir });
    expect(await reopened.telemetry.count()).toBe(sent * BATCH + published);
    await reopened.close();
  }, 180_000);
});
