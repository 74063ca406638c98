/**
 * The external-broker bridge against a real Mosquitto: a private one this test starts on a free
 * port with its own config and persistence directory (never the machine's broker on 1883), so it
 * can restart it mid-stream: nothing the broker acknowledged to the publisher is lost or stored twice.
 * Its config lifts Mosquitto's queue limit (`max_queued_messages`, 1000 by default), which otherwise
 * drops QoS 1 messages for a subscriber that falls behind: docs/operate.md says so to users.
 * Skipped where Mosquitto is not installed, unless REEFLOW_REQUIRE_SERVICES=1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { createOperateService } from '../../src/monitor/index.js';
import { connectExternalBroker } from '../../src/server/mqtt.js';
import { openSqliteStore } from '../../src/store/index.js';
import { REQUIRE_SERVICES } from '../store/services.js';
import { FACILITIES, NOW, publishAcrossRestart } from './telemetry-helpers.js';

const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto', '/usr/local/sbin/mosquitto'].find((path) =>
  existsSync(path),
);
if (!MOSQUITTO && REQUIRE_SERVICES)
  throw new Error(
    'Mosquitto is required (REEFLOW_REQUIRE_SERVICES=1) but not installed: apt-get install mosquitto',
  );

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** A Mosquitto on `port` keeping its sessions in `dir` across restarts; no queue limit, so a slow subscriber loses nothing. */
async function startMosquitto(port: number, dir: string): Promise<{ stop(): Promise<void> }> {
  const config = join(dir, 'mosquitto.conf');
  // `user`: started as root, Mosquitto would switch to its own user, which cannot write this test's directory,
  // and its sessions would not survive the restart.
  writeFileSync(
    config,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      `user ${userInfo().username}`,
      'persistence true',
      `persistence_location ${dir}/`,
      'max_queued_messages 0',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(MOSQUITTO as string, ['-c', config], { stdio: 'ignore' });
  const exited = once(child, 'exit');
  // Ready when it accepts an MQTT connection.
  for (let attempt = 0; ; attempt += 1) {
    try {
      const probe = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
        reconnectPeriod: 0,
        connectTimeout: 500,
      });
      await probe.endAsync();
      break;
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  return {
    stop: async () => {
      if (child.exitCode !== null) return;
      // SIGTERM: Mosquitto writes its sessions and queued messages to the persistence file, then exits.
      child.kill('SIGTERM');
      await exited;
    },
  };
}

describe.skipIf(!MOSQUITTO)('bridge to a real Mosquitto', () => {
  it('a broker restart mid-stream loses nothing acknowledged and stores each once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reeflow-mosquitto-'));
    const store = openSqliteStore({ dataDir: join(dir, 'store') });
    cleanups.push(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const operate = createOperateService({ store, clock: () => NOW, facilities: FACILITIES });
    const port = await freePort();
    let broker = await startMosquitto(port, dir);
    cleanups.push(() => broker.stop());
    const url = `mqtt://127.0.0.1:${port}`;
    const bridge = await connectExternalBroker(operate, { url, clientId: 'reeflow-test-bridge' });
    cleanups.push(() => bridge.close());
    const publisher = await mqtt.connectAsync(url, {
      clientId: 'reeflow-test-publisher',
      clean: false,
      reconnectPeriod: 100,
    });
    cleanups.push(() => publisher.endAsync(true));

    const total = 3000;
    const acked = await publishAcrossRestart(publisher, {
      prefix: 's',
      total,
      restartAt: 1500,
      restart: async () => {
        await broker.stop();
        broker = await startMosquitto(port, dir);
      },
    });
    expect(acked.size).toBe(total);
    await expect.poll(() => store.telemetry.count(), { timeout: 30_000 }).toBe(total);
    expect((await store.telemetry.has([...acked])).size).toBe(total);
    const info = bridge.describe();
    expect(info.reconnects).toBeGreaterThanOrEqual(1);
    // Every message the bridge took was stored or recognised as stored (a re-delivery after the restart).
    expect(info.stored).toBe(total);
    expect(info.messages).toBe(info.stored + info.duplicates);
  }, 60_000);
});
