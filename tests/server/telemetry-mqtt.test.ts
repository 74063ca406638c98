/**
 * MQTT paths: the embedded broker stores before PUBACK; the external-broker bridge keeps a
 * persistent session and loses nothing acknowledged when the broker restarts mid-stream. The
 * "external" broker here is an aedes this test starts and restarts itself (with its persistence
 * kept, as a broker with durable storage would), never the machine's Mosquitto.
 */
import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { createOperateService, type OperateService, type OperateStore } from '../../src/monitor/index.js';
import { connectExternalBroker, startEmbeddedBroker, type TelemetryBroker } from '../../src/server/mqtt.js';
import { openSqliteStore } from '../../src/store/index.js';
import { FACILITIES, NOW, publishAcrossRestart, sensor } from './telemetry-helpers.js';

// aedes-persistence is CommonJS whose types declare an ES default export; require gives the factory itself.
const memoryPersistence = createRequire(import.meta.url)('aedes-persistence') as () => unknown;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup(): { store: OperateStore; operate: OperateService } {
  const dir = mkdtempSync(join(tmpdir(), 'reeflow-mqtt-'));
  const store = openSqliteStore({ dataDir: dir });
  cleanups.push(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { store, operate: createOperateService({ store, clock: () => NOW, facilities: FACILITIES }) };
}

async function connect(url: string, options: mqtt.IClientOptions = {}): Promise<mqtt.MqttClient> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 100, ...options });
  cleanups.push(() => client.endAsync(true));
  return client;
}

describe('embedded MQTT broker', () => {
  it('stores a QoS 1 message before its PUBACK, QoS 0 too, and publishes coded errors for bad ones', async () => {
    const { store, operate } = setup();
    const broker: TelemetryBroker = await startEmbeddedBroker(operate, { port: 0, host: '127.0.0.1' });
    cleanups.push(() => broker.close());
    const client = await connect(broker.url);
    const errors: unknown[] = [];
    await client.subscribeAsync('reeflow-errors/v1/#');
    client.on('message', (_topic, payload) => errors.push(JSON.parse(payload.toString())));

    await client.publishAsync('reeflow/v1/sep-b/sensor', JSON.stringify(sensor('m1', 1)), { qos: 1 });
    expect(await store.telemetry.has(['m1'])).toEqual(new Set(['m1']));
    // Many at once: they are stored together, each acknowledged.
    await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        client.publishAsync('reeflow/v1/sep-b/sensor', JSON.stringify(sensor(`b${i}`, i)), { qos: 1 }),
      ),
    );
    expect(await store.telemetry.count()).toBe(501);
    // A re-delivery is acknowledged and stored once.
    await client.publishAsync('reeflow/v1/sep-b/sensor', JSON.stringify(sensor('m1', 1)), { qos: 1 });
    expect(await store.telemetry.count()).toBe(501);

    await client.publishAsync('reeflow/v1/hub/sensor', JSON.stringify(sensor('wrong-topic', 1)), { qos: 1 });
    await client.publishAsync('reeflow/v1/sep-b/sensor', '{"id":"half', { qos: 1 });
    await client.publishAsync(
      'reeflow/v1/sep-b/sensor',
      JSON.stringify({ ...sensor('big', 1), source: 'y'.repeat(20_000) }),
      { qos: 1 },
    );
    await client.publishAsync('reeflow/v1/sep-b/sensor', JSON.stringify(sensor('q0', 2)), { qos: 0 });
    await expect.poll(() => store.telemetry.has(['q0'])).toEqual(new Set(['q0']));
    await expect.poll(() => errors.length).toBe(3);
    expect(errors.map((e) => (e as { code: string }).code)).toEqual([
      'TELEMETRY_TOPIC_MISMATCH',
      'TELEMETRY_MALFORMED_JSON',
      'TELEMETRY_TOO_LARGE',
    ]);
    expect(await store.telemetry.has(['wrong-topic', 'big'])).toEqual(new Set());
    expect(broker.describe()).toMatchObject({ mode: 'embedded', stored: 502, duplicates: 1, rejected: 3 });
    expect(operate.stats.rejectedByCode).toEqual({
      TELEMETRY_TOPIC_MISMATCH: 1,
      TELEMETRY_MALFORMED_JSON: 1,
      TELEMETRY_TOO_LARGE: 1,
    });
  });

  it('starts on a free port and says so when the port is taken', async () => {
    const { operate } = setup();
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    cleanups.push(() => new Promise<void>((done) => blocker.close(() => done())));
    const taken = (blocker.address() as { port: number }).port;
    const broker = await startEmbeddedBroker(operate, { port: taken, host: '127.0.0.1' });
    cleanups.push(() => broker.close());
    expect(broker.port).not.toBe(taken);
    expect(broker.note).toContain(`--mqtt mqtt://localhost:${taken}`);
  });
});

/** An aedes broker the test owns, restartable on the same port with the same persistence. */
async function startTestBroker(
  port: number,
  persistence: unknown,
): Promise<{ port: number; stop(): Promise<void> }> {
  const broker = await Aedes.createBroker({ persistence });
  const server: Server = createServer(broker.handle);
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as { port: number }).port,
    stop: async () => {
      const closed = new Promise<void>((done) => server.close(() => done()));
      await new Promise<void>((done) => broker.close(() => done()));
      await closed;
    },
  };
}

describe('external broker bridge', () => {
  it('loses no acknowledged QoS 1 message when the broker restarts mid-stream, and stores each once', async () => {
    const { store, operate } = setup();
    const persistence = memoryPersistence();
    let broker = await startTestBroker(0, persistence);
    const port = broker.port;
    const url = `mqtt://127.0.0.1:${port}`;
    const bridge = await connectExternalBroker(operate, { url, clientId: 'reeflow-test-bridge' });
    cleanups.push(() => bridge.close());
    cleanups.push(() => broker.stop());
    const publisher = await connect(url, { clientId: 'reeflow-test-publisher', clean: false });

    const total = 1500;
    // Restart the broker in the middle of the stream.
    const acked = await publishAcrossRestart(publisher, {
      prefix: 'r',
      total,
      restartAt: 700,
      restart: async () => {
        await broker.stop();
        await new Promise((done) => setTimeout(done, 300));
        broker = await startTestBroker(port, persistence);
      },
    });
    expect(acked.size).toBe(total);
    await expect.poll(() => store.telemetry.count(), { timeout: 20_000 }).toBe(total);
    const stored = await store.telemetry.has([...acked]);
    expect(stored.size).toBe(total);
    expect(bridge.describe().reconnects).toBeGreaterThanOrEqual(1);
  });
});
