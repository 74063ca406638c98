/**
 * The bridge to an external MQTT broker (`--mqtt mqtt://host:port`): a persistent session that
 * stores each telemetry message before acknowledging it (see mqtt.ts for the protocol).
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { OperateService, TelemetryRejection } from '../monitor/index.js';

import {
  createCounters,
  decodeMessage,
  errorTopic,
  handlerFailure,
  TELEMETRY_TOPIC_FILTER,
  type Logger,
  type TelemetryBroker,
} from './mqtt-messages.js';

/**
 * Bridges an external broker: a persistent session that stores each telemetry message before
 * acknowledging it, and reconnects after broker restarts.
 *
 * @example await connectExternalBroker(operate, {url: 'mqtt://localhost:1883', clientId: 'reeflow-ingest'})
 */
export async function connectExternalBroker(
  operate: OperateService,
  options: { url: string; clientId: string; log?: Logger; maxEventBytes?: number; connectTimeoutMs?: number },
): Promise<TelemetryBroker> {
  const info = createCounters('external', options.url);
  const client: MqttClient = mqtt.connect(options.url, {
    clientId: options.clientId,
    clean: false,
    reconnectPeriod: 500,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    resubscribe: true,
    protocolVersion: 4,
  });
  /** A rejected message: acknowledged (so a persistent session never delivers it again), counted, kept and reported. */
  const rejectMessage = (topic: string, payload: Buffer, rejection: TelemetryRejection): void => {
    info.rejected += 1;
    operate.recordDeadLetter({ transport: 'mqtt', where: topic, rejection, payload });
    client.publish(errorTopic(topic), JSON.stringify(rejection), { qos: 0 });
  };
  const handle = (packet: { topic: string; payload: Buffer }, done: () => void): void => {
    const decoded = decodeMessage(operate, packet.topic, packet.payload, options.maxEventBytes);
    if (decoded === undefined) return done();
    info.messages += 1;
    if (!decoded.ok) {
      rejectMessage(packet.topic, packet.payload, decoded.rejection);
      return done();
    }
    operate
      .ingest([decoded.event], { texts: [decoded.text] })
      .then(
        (result) => {
          info.stored += result.inserted;
          info.duplicates += result.duplicates.length;
          done();
        },
        (error: unknown) => {
          // Not stored: drop the connection without acknowledging; the broker re-delivers after reconnect.
          options.log?.warn(
            `MQTT message not stored, reconnecting: ${error instanceof Error ? error.message : String(error)}`,
          );
          client.stream.destroy();
        },
      )
      .catch((error: unknown) => options.log?.error?.('MQTT bridge acknowledgement failed', error));
  };
  // One message at a time: mqtt.js sends the PUBACK when `done` is called, after the commit. Nothing
  // thrown while handling it may escape (with a persistent session, a message that crashes the
  // process is delivered again on every start): it is rejected as TELEMETRY_INTERNAL and acknowledged.
  client.handleMessage = (packet, done) => {
    let answered = false;
    const answer = (): void => {
      answered = true;
      done();
    };
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    try {
      handle({ topic: packet.topic, payload }, answer);
    } catch (error) {
      if (answered) return options.log?.error?.('MQTT bridge handler failed after answering', error);
      info.messages += 1;
      try {
        rejectMessage(packet.topic, payload, handlerFailure(operate, packet.topic, error, options.log));
      } finally {
        done();
      }
    }
  };
  client.on('connect', (connack) => {
    info.connected = true;
    if (!connack.sessionPresent) client.subscribe(TELEMETRY_TOPIC_FILTER, { qos: 1 });
    options.log?.info(
      `MQTT bridge connected to ${options.url} (session ${connack.sessionPresent ? 'resumed' : 'new'})`,
    );
  });
  client.on('reconnect', () => {
    info.reconnects += 1;
  });
  client.on('close', () => {
    info.connected = false;
  });
  client.on('error', (error) => options.log?.warn(`MQTT bridge: ${error.message}`));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.end(true);
      reject(
        new Error(
          `cannot reach the MQTT broker at ${options.url} within ${(options.connectTimeoutMs ?? 10_000) / 1000} s`,
        ),
      );
    }, options.connectTimeoutMs ?? 10_000);
    client.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return {
    url: options.url,
    describe: () => ({ ...info }),
    close: async () => {
      await client.endAsync();
    },
  };
}
