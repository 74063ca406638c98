/**
 * Telemetry over MQTT: topics `reeflow/v1/<facility>/<kind>`, JSON payloads, QoS 0 and 1.
 *
 * - Embedded (default): an aedes broker in this process. Publishes on telemetry topics are stored
 *   before the broker sends PUBACK (its authorizePublish hook waits for the commit, batching all
 *   publishes that arrive together), so a PUBACK means stored.
 * - External (`--mqtt mqtt://host:port`): a bridge client with a persistent session (clean: false,
 *   fixed client id) subscribed at QoS 1; it acknowledges each message only after storing it, so
 *   the broker re-delivers whatever was in flight when either side restarted.
 *
 * A bad payload is acknowledged (MQTT 3.1.1 has no negative PUBACK) but never stored: it is counted
 * and its coded error is published on `reeflow-errors/v1/<facility>/<kind>`.
 *
 * With auth on (a token store), the embedded broker wants a token as the MQTT password (any user
 * name) from an admin or a device. A device publishes telemetry for its own facility only: a publish
 * to another facility's topic is acknowledged, never stored nor forwarded, counted as
 * TELEMETRY_FACILITY_FORBIDDEN (as over HTTP) and reported on its own facility's error topic; it may
 * subscribe only below `reeflow/v1/<facility>/` and `reeflow-errors/v1/<facility>/`.
 */
import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { DEFAULT_MAX_EVENT_BYTES, fromTelemetryTopic, type OperateService, type TelemetryEvent, type TelemetryParseResult, type TelemetryRejection } from '../monitor/index.js';
import { DEVICES, verifyToken, type Principal, type TokenStore } from './auth.js';

/** The topic filter the bridge subscribes to. */
export const TELEMETRY_TOPIC_FILTER = 'reeflow/v1/+/+';

/** What the API reports about the broker. */
export interface BrokerInfo {
  mode: 'embedded' | 'external';
  url: string;
  connected: boolean;
  messages: number;
  stored: number;
  duplicates: number;
  rejected: number;
  reconnects: number;
}

export interface TelemetryBroker {
  readonly url: string;
  describe(): BrokerInfo;
  close(): Promise<void>;
}

interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

/** Decodes one MQTT message: size, JSON, schema, and agreement with its topic. */
export function decodeMessage(operate: OperateService, topic: string, payload: Buffer, maxEventBytes = DEFAULT_MAX_EVENT_BYTES): TelemetryParseResult | undefined {
  const address = fromTelemetryTopic(topic);
  if (!address) return undefined;
  if (payload.length > maxEventBytes) {
    const rejection = { code: 'TELEMETRY_TOO_LARGE' as const, message: `the message is ${payload.length} bytes; at most ${maxEventBytes} are accepted` };
    operate.countRejection(rejection);
    return { ok: false, rejection };
  }
  const result = operate.parseText(payload.toString('utf8'));
  if (result.ok && (result.event.facility !== address.facility || result.event.kind !== address.kind)) {
    const rejection = {
      code: 'TELEMETRY_TOPIC_MISMATCH' as const,
      id: result.event.id,
      message: `topic says ${address.facility}/${address.kind} but the payload says ${result.event.facility}/${result.event.kind}`,
    };
    operate.countRejection(rejection, { alreadyReceived: true });
    return { ok: false, rejection };
  }
  return result;
}

function errorTopic(topic: string): string {
  return topic.replace(/^reeflow\//, 'reeflow-errors/');
}

function createCounters(mode: BrokerInfo['mode'], url: string): BrokerInfo {
  return { mode, url, connected: false, messages: 0, stored: 0, duplicates: 0, rejected: 0, reconnects: 0 };
}

/** A refused MQTT CONNECT: 4 = bad user name or password, 5 = not authorized. */
function refusal(returnCode: 4 | 5, message: string): Error & { returnCode: 4 | 5 } {
  return Object.assign(new Error(message), { returnCode });
}

/** Whether a device of `facility` may subscribe to a topic filter: only below its own telemetry and error topics. */
export function isOwnFacilityFilter(filter: string, facility: string): boolean {
  const [root, version, scope] = filter.split('/');
  return (root === 'reeflow' || root === 'reeflow-errors') && version === 'v1' && scope === facility;
}

/**
 * Starts the embedded broker on `port` (0 = any); when the port is taken it listens on a free one
 * and returns a note saying so. With `tokens`, clients must send a token as the password.
 */
export async function startEmbeddedBroker(operate: OperateService, options: { port: number; host: string; log?: Logger; maxEventBytes?: number; tokens?: TokenStore }): Promise<TelemetryBroker & { port: number; note?: string }> {
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  const tokens = options.tokens;
  /** Who each connected client is (auth on only); a device's scope limits its topics. */
  const principals = new WeakMap<object, Principal>();
  const deviceFacility = (client: object): string | undefined => {
    const principal = principals.get(client);
    return principal?.role === 'device' ? principal.scope?.facility ?? '' : undefined;
  };
  let info = createCounters('embedded', '');
  // Publishes that arrived together are stored in one transaction, then all acknowledged.
  let pending: { event: TelemetryEvent; done: (error?: Error | null) => void }[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    const batch = pending;
    pending = [];
    operate.ingest(batch.map((p) => p.event)).then(
      (result) => {
        info.stored += result.inserted;
        info.duplicates += result.duplicates.length;
        for (const p of batch) p.done(null);
      },
      (error: unknown) => {
        // Not stored, so not acknowledged: the client's connection drops and it re-sends.
        options.log?.warn(`MQTT batch of ${batch.length} not stored: ${error instanceof Error ? error.message : String(error)}`);
        for (const p of batch) p.done(error instanceof Error ? error : new Error(String(error)));
      },
    );
  };
  const broker = await Aedes.createBroker({
    ...(tokens === undefined
      ? {}
      : {
          authenticate: (client, _username, password, done) => {
            const token = password?.toString('utf8') ?? '';
            if (token === '') return done(refusal(4, 'send a device token as the MQTT password'), false);
            verifyToken(tokens, token).then(
              (principal) => {
                if (!DEVICES.includes(principal.role)) return done(refusal(5, `role '${principal.role}' may not send telemetry`), false);
                principals.set(client, principal);
                done(null, true);
              },
              (error: unknown) => done(refusal(4, error instanceof Error ? error.message : 'the token is refused'), false),
            );
          },
          authorizeSubscribe: (client, subscription, done) => {
            const facility = deviceFacility(client);
            done(null, facility === undefined || isOwnFacilityFilter(subscription.topic, facility) ? subscription : null);
          },
        }),
    authorizePublish: (client, packet, done) => {
      const facility = client === null ? undefined : deviceFacility(client);
      if (client !== null && facility !== undefined) {
        const address = fromTelemetryTopic(packet.topic);
        // Devices publish telemetry only; anything else ends the connection (MQTT 3.1.1 has no negative PUBACK).
        if (!address) return done(new Error(`a device token publishes to reeflow/v1/${facility}/<kind> only`));
        if (address.facility !== facility) {
          const rejection: TelemetryRejection = { code: 'TELEMETRY_FACILITY_FORBIDDEN', message: `facility: this token writes telemetry for '${facility}' only, not '${address.facility}'`, path: ['facility'] };
          operate.countRejection(rejection);
          info.messages += 1;
          info.rejected += 1;
          // Acknowledged but neither stored nor forwarded: the packet becomes the coded error on the device's own error topic.
          packet.topic = `reeflow-errors/v1/${facility}/${address.kind}`;
          packet.payload = Buffer.from(JSON.stringify(rejection));
          packet.retain = false;
          return done(null);
        }
      }
      const decoded = client === null ? undefined : decodeMessage(operate, packet.topic, packet.payload as Buffer, maxEventBytes);
      if (decoded === undefined) return done(null);
      info.messages += 1;
      if (!decoded.ok) {
        info.rejected += 1;
        broker.publish({ cmd: 'publish', topic: errorTopic(packet.topic), payload: Buffer.from(JSON.stringify(decoded.rejection)), qos: 0, retain: false, dup: false }, () => undefined);
        return done(null);
      }
      pending.push({ event: decoded.event, done });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
  });
  const server: Server = createServer(broker.handle);
  const listen = async (port: number): Promise<void> => {
    server.listen(port, options.host);
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error as Error))]);
  };
  let note: string | undefined;
  try {
    await listen(options.port);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
    await listen(0);
    const taken = options.port;
    note = `MQTT port ${taken} is in use (a broker such as Mosquitto is probably running there); the embedded broker listens on a free port instead. To use the running broker, start with --mqtt mqtt://localhost:${taken}`;
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  info = { ...info, url: `mqtt://${host}:${port}`, connected: true };
  return {
    url: info.url,
    port,
    ...(note === undefined ? {} : { note }),
    describe: () => ({ ...info }),
    close: async () => {
      info.connected = false;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}

/**
 * Bridges an external broker: a persistent session that stores each telemetry message before
 * acknowledging it, and reconnects after broker restarts.
 *
 * @example await connectExternalBroker(operate, {url: 'mqtt://localhost:1883', clientId: 'reeflow-ingest'})
 */
export async function connectExternalBroker(operate: OperateService, options: { url: string; clientId: string; log?: Logger; maxEventBytes?: number; connectTimeoutMs?: number }): Promise<TelemetryBroker> {
  const info = createCounters('external', options.url);
  const client: MqttClient = mqtt.connect(options.url, {
    clientId: options.clientId,
    clean: false,
    reconnectPeriod: 500,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    resubscribe: true,
    protocolVersion: 4,
  });
  // One message at a time: mqtt.js sends the PUBACK when `done` is called, after the commit.
  client.handleMessage = (packet, done) => {
    const decoded = decodeMessage(operate, packet.topic, Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload), options.maxEventBytes);
    if (decoded === undefined) return done();
    info.messages += 1;
    if (!decoded.ok) {
      info.rejected += 1;
      client.publish(errorTopic(packet.topic), JSON.stringify(decoded.rejection), { qos: 0 });
      return done();
    }
    operate.ingest([decoded.event]).then(
      (result) => {
        info.stored += result.inserted;
        info.duplicates += result.duplicates.length;
        done();
      },
      (error: unknown) => {
        // Not stored: drop the connection without acknowledging; the broker re-delivers after reconnect.
        options.log?.warn(`MQTT message not stored, reconnecting: ${error instanceof Error ? error.message : String(error)}`);
        client.stream.destroy();
      },
    );
  };
  client.on('connect', (connack) => {
    info.connected = true;
    if (!connack.sessionPresent) client.subscribe(TELEMETRY_TOPIC_FILTER, { qos: 1 });
    options.log?.info(`MQTT bridge connected to ${options.url} (session ${connack.sessionPresent ? 'resumed' : 'new'})`);
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
      reject(new Error(`cannot reach the MQTT broker at ${options.url} within ${(options.connectTimeoutMs ?? 10_000) / 1000} s`));
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
