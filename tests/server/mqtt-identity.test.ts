/**
 * MQTT client ids are bound to principals on the embedded broker with auth on (review D4, D5): a
 * client id held by one token (online, or as a persistent session) is refused to any other token
 * at CONNECT (return code 2, identifier rejected). So a device can neither take over another
 * device's persistent session and read its queued messages, nor disconnect it by reusing its id;
 * the holder itself still resumes its session.
 */
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryTokenStore } from '../../src/server/auth.js';
import { NOW, sensor, startAuthBroker } from './telemetry-helpers.js';

const SEP_B = 'device-token-sep-b-0001';
const HUB = 'device-token-hub-00001';
const ADMIN = 'admin-token-0000000001';
const tokens = createMemoryTokenStore(
  [
    { id: 'dev-sep-b', name: 'sep-b gateway', role: 'device', scope: { facility: 'sep-b' }, token: SEP_B },
    { id: 'dev-hub', name: 'hub gateway', role: 'device', scope: { facility: 'hub' }, token: HUB },
    { id: 'adm', name: 'ops', role: 'admin', token: ADMIN },
  ],
  () => NOW,
);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const startBroker = async (): Promise<string> => (await startAuthBroker(tokens, cleanups)).broker.url;

/** Connects and collects every message from the first packet on (queued messages come right after CONNACK). */
async function connect(
  url: string,
  token: string,
  options: mqtt.IClientOptions,
): Promise<{ client: mqtt.MqttClient; sessionPresent: boolean; received: string[] }> {
  const client = mqtt.connect(url, { reconnectPeriod: 0, username: 'any', password: token, ...options });
  cleanups.push(() => client.endAsync(true));
  const received: string[] = [];
  client.on('message', (_topic, payload) =>
    received.push((JSON.parse(payload.toString()) as { id: string }).id),
  );
  const connack = await new Promise<{ sessionPresent: boolean }>((resolve, reject) => {
    client.once('connect', resolve);
    client.once('error', reject);
  });
  return { client, sessionPresent: connack.sessionPresent, received };
}

/** The CONNACK return code a connection gets (0 = accepted). */
async function returnCodeOf(url: string, token: string, options: mqtt.IClientOptions): Promise<number> {
  try {
    const { client } = await connect(url, token, options);
    await client.endAsync(true);
    return 0;
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  }
}

describe('MQTT client ids bound to tokens', () => {
  it('another device cannot take over a persistent session and read its queued messages; the holder resumes it', async () => {
    const url = await startBroker();
    const owner = await connect(url, SEP_B, { clientId: 'gateway-1', clean: false });
    await owner.client.subscribeAsync('reeflow/v1/sep-b/#', { qos: 1 });
    await owner.client.endAsync();
    // Queued for the offline session at QoS 1.
    const admin = await connect(url, ADMIN, { clientId: 'ops-console' });
    await admin.client.publishAsync('reeflow/v1/sep-b/sensor', JSON.stringify(sensor('queued-1', 1)), {
      qos: 1,
    });

    expect(await returnCodeOf(url, HUB, { clientId: 'gateway-1', clean: false })).toBe(2);
    expect(await returnCodeOf(url, HUB, { clientId: 'gateway-1', clean: true })).toBe(2);

    const back = await connect(url, SEP_B, { clientId: 'gateway-1', clean: false });
    expect(back.sessionPresent).toBe(true);
    await expect.poll(() => back.received).toEqual(['queued-1']);
  });

  it('another device cannot disconnect a connected one by reusing its client id; the id is free once a clean session ends', async () => {
    const url = await startBroker();
    const owner = await connect(url, SEP_B, { clientId: 'pump-gateway' });
    let closed = false;
    owner.client.on('close', () => void (closed = true));
    expect(await returnCodeOf(url, HUB, { clientId: 'pump-gateway' })).toBe(2);
    // Still connected: its next publish is acknowledged on the same connection.
    await owner.client.publishAsync('reeflow/v1/sep-b/sensor', JSON.stringify(sensor('still-here', 1)), {
      qos: 1,
    });
    expect(closed).toBe(false);

    await owner.client.endAsync();
    await expect.poll(() => returnCodeOf(url, HUB, { clientId: 'pump-gateway' })).toBe(0);
  });
});
