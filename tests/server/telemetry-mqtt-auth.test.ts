/**
 * MQTT with auth on: the embedded broker wants a token as the password, from an admin or a device;
 * a device publishes telemetry for its own facility only (the HTTP rule, same code) and subscribes
 * only below its own facility's topics.
 */
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryTokenStore } from '../../src/server/auth.js';
import { isOwnFacilityFilter } from '../../src/server/mqtt.js';
import { NOW, sensor, startAuthBroker } from './telemetry-helpers.js';

const DEVICE = 'device-token-sep-b-0001';
const ADMIN = 'admin-token-0000000001';
const tokens = createMemoryTokenStore(
  [
    { id: 'dev', name: 'sep-b gateway', role: 'device', scope: { facility: 'sep-b' }, token: DEVICE },
    { id: 'adm', name: 'ops', role: 'admin', token: ADMIN },
    { id: 'ana', name: 'analyst', role: 'analyst', token: 'analyst-token-000001' },
    {
      id: 'old',
      name: 'expired gateway',
      role: 'device',
      scope: { facility: 'sep-b' },
      token: 'expired-token-000001',
      expiresAt: NOW - 1,
    },
  ],
  () => NOW,
);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const { store, operate, broker } = await startAuthBroker(tokens, cleanups);
  const connect = async (password?: string, clientId?: string): Promise<mqtt.MqttClient> => {
    const client = await mqtt.connectAsync(broker.url, {
      reconnectPeriod: 0,
      ...(password === undefined ? {} : { username: 'any', password }),
      ...(clientId === undefined ? {} : { clientId }),
    });
    cleanups.push(() => client.endAsync(true));
    return client;
  };
  return { store, operate, broker, connect };
}

/** The CONNACK return code of a refused connection. */
async function refusedWith(url: string, password?: string): Promise<number | undefined> {
  try {
    const client = await mqtt.connectAsync(url, {
      reconnectPeriod: 0,
      ...(password === undefined ? {} : { username: 'any', password }),
    });
    await client.endAsync(true);
    return 0;
  } catch (error) {
    return (error as { code?: number }).code;
  }
}

describe('embedded MQTT broker with auth', () => {
  it('refuses a missing, unknown or expired token (4) and a role that may not send telemetry (5)', async () => {
    const { broker } = await setup();
    expect(await refusedWith(broker.url)).toBe(4);
    expect(await refusedWith(broker.url, 'no-such-token-0000001')).toBe(4);
    expect(await refusedWith(broker.url, 'expired-token-000001')).toBe(4);
    expect(await refusedWith(broker.url, 'analyst-token-000001')).toBe(5);
    expect(await refusedWith(broker.url, DEVICE)).toBe(0);
  });

  it("stores a device's own facility's events and refuses the others with TELEMETRY_FACILITY_FORBIDDEN, unforwarded", async () => {
    const { store, operate, broker, connect } = await setup();
    const device = await connect(DEVICE);
    const admin = await connect(ADMIN);
    const errors: { topic: string; code: string }[] = [];
    await device.subscribeAsync('reeflow-errors/v1/sep-b/#', { qos: 1 });
    device.on('message', (topic, payload) =>
      errors.push({ topic, code: (JSON.parse(payload.toString()) as { code: string }).code }),
    );
    const seenByAdmin: string[] = [];
    await admin.subscribeAsync('reeflow/v1/hub/#', { qos: 1 });
    admin.on('message', (_topic, payload) =>
      seenByAdmin.push((JSON.parse(payload.toString()) as { id: string }).id),
    );

    await device.publishAsync('reeflow/v1/sep-b/sensor', JSON.stringify(sensor('own', 1)), { qos: 1 });
    await device.publishAsync(
      'reeflow/v1/hub/sensor',
      JSON.stringify(sensor('forged', 1, NOW - 60_000, 'hub')),
      { qos: 1 },
    );
    // An admin writes for any facility.
    await admin.publishAsync(
      'reeflow/v1/hub/sensor',
      JSON.stringify(sensor('by-admin', 2, NOW - 60_000, 'hub')),
      { qos: 1 },
    );

    await expect
      .poll(() => errors)
      .toEqual([{ topic: 'reeflow-errors/v1/sep-b/sensor', code: 'TELEMETRY_FACILITY_FORBIDDEN' }]);
    await expect.poll(() => seenByAdmin).toEqual(['by-admin']);
    expect(await store.telemetry.has(['own', 'forged', 'by-admin'])).toEqual(new Set(['own', 'by-admin']));
    expect(operate.stats.rejectedByCode).toEqual({ TELEMETRY_FACILITY_FORBIDDEN: 1 });
    expect(broker.describe()).toMatchObject({ stored: 2, rejected: 1 });
  });

  it("lets a device subscribe only below its own facility's topics", async () => {
    const { connect } = await setup();
    const device = await connect(DEVICE);
    const outcomes: string[] = [];
    // mqtt.js rejects a subscription the broker refuses (SUBACK 0x80).
    for (const filter of [
      'reeflow/v1/sep-b/#',
      'reeflow-errors/v1/sep-b/sensor',
      'reeflow/v1/hub/#',
      'reeflow/v1/+/sensor',
      '#',
    ]) {
      outcomes.push(
        await device.subscribeAsync(filter, { qos: 1 }).then(
          () => 'granted',
          () => 'refused',
        ),
      );
    }
    expect(outcomes).toEqual(['granted', 'granted', 'refused', 'refused', 'refused']);
    expect(isOwnFacilityFilter('reeflow/v1/sep-b', 'sep-b')).toBe(true);
    expect(isOwnFacilityFilter('reeflow/v2/sep-b/#', 'sep-b')).toBe(false);
  });

  it('closes the connection of a device that publishes outside telemetry', async () => {
    const { connect } = await setup();
    const device = await connect(DEVICE);
    const closed = new Promise<void>((done) => device.once('close', () => done()));
    device.publish('status/sep-b', 'online', { qos: 1 });
    await closed;
    expect(device.connected).toBe(false);
  });
});
