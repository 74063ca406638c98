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
import { Aedes, type Client, type PublishPacket } from 'aedes';
import {
  DEFAULT_MAX_EVENT_BYTES,
  fromTelemetryTopic,
  type OperateService,
  type TelemetryEvent,
  type TelemetryRejection,
} from '../monitor/index.js';
import { DEVICES, verifyToken, type Principal, type TokenStore } from './auth.js';

import {
  createCounters,
  decodeMessage,
  errorTopic,
  handlerFailure,
  type Logger,
  type TelemetryBroker,
} from './mqtt-messages.js';
import { definedFields } from '../defined-fields.js';

export { connectExternalBroker } from './mqtt-bridge.js';
export { decodeMessage, TELEMETRY_TOPIC_FILTER } from './mqtt-messages.js';
export type { TelemetryBroker } from './mqtt-messages.js';
export type { BrokerInfo } from './broker-info.js';

/** A refused MQTT CONNECT: 4 = bad user name or password, 5 = not authorized. */
function refusal(returnCode: 4 | 5, message: string): Error & { returnCode: 4 | 5 } {
  return Object.assign(new Error(message), { returnCode });
}

/** Whether a device of `facility` may subscribe to a topic filter: only below its own telemetry and error topics. */
export function isOwnFacilityFilter(filter: string, facility: string): boolean {
  const [root, version, scope] = filter.split('/');
  return (root === 'reeflow' || root === 'reeflow-errors') && version === 'v1' && scope === facility;
}

/** A refused MQTT CONNECT for a client id another principal holds: 2 = identifier rejected. */
function identifierRefusal(clientId: string): Error & { returnCode: 2 } {
  return Object.assign(
    new Error(
      `client id '${clientId}' belongs to another token; pick a client id of your own (e.g. the device name)`,
    ),
    { returnCode: 2 as const },
  );
}

/**
 * Who holds each client id (auth on only): the token that connected with it last, while it is
 * online or keeps a persistent session. Another token is refused at CONNECT, so it can neither
 * take the session over (reading its queued messages) nor disconnect the holder. In memory, as the
 * embedded broker's sessions are: both are gone after a restart.
 */
function createClientIdRegistry(): {
  claim(clientId: string, tokenId: string, client: object): boolean;
  release(clientId: string, client: object, clean: boolean): void;
} {
  const holders = new Map<string, { tokenId: string; client: object | undefined }>();
  return {
    claim(clientId, tokenId, client) {
      const holder = holders.get(clientId);
      if (holder !== undefined && holder.tokenId !== tokenId) return false;
      holders.set(clientId, { tokenId, client });
      return true;
    },
    release(clientId, client, clean) {
      const holder = holders.get(clientId);
      // A newer connection with the same id (the same token) keeps it; a persistent session keeps it offline.
      if (holder === undefined || holder.client !== client) return;
      if (clean) holders.delete(clientId);
      else holder.client = undefined;
    },
  };
}

/**
 * Starts the embedded broker on `port` (0 = any); when the port is taken it listens on a free one
 * and returns a note saying so. With `tokens`, clients must send a token as the password, and a
 * client id stays with the token that holds it.
 */
export async function startEmbeddedBroker(
  operate: OperateService,
  options: { port: number; host: string; log?: Logger; maxEventBytes?: number; tokens?: TokenStore },
): Promise<TelemetryBroker & { port: number; note?: string }> {
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  const tokens = options.tokens;
  /** Who each connected client is (auth on only); a device's scope limits its topics. */
  const principals = new WeakMap<object, Principal>();
  const clientIds = createClientIdRegistry();
  const deviceFacility = (client: object): string | undefined => {
    const principal = principals.get(client);
    return principal?.role === 'device' ? (principal.scope?.facility ?? '') : undefined;
  };
  let info = createCounters('embedded', '');
  // Publishes that arrived together are stored in one transaction, then all acknowledged.
  let pending: { event: TelemetryEvent; text?: string; done: (error?: Error | null) => void }[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    const batch = pending;
    pending = [];
    const settle = (error: Error | null): void => {
      for (const p of batch) {
        try {
          p.done(error);
        } catch (failure) {
          options.log?.error?.('MQTT acknowledgement failed', failure);
        }
      }
    };
    operate
      .ingest(
        batch.map((p) => p.event),
        { texts: batch.map((p) => p.text) },
      )
      .then(
        (result) => {
          info.stored += result.inserted;
          info.duplicates += result.duplicates.length;
          settle(null);
        },
        (error: unknown) => {
          // Not stored, so not acknowledged: the client's connection drops and it re-sends.
          options.log?.warn(
            `MQTT batch of ${batch.length} not stored: ${error instanceof Error ? error.message : String(error)}`,
          );
          settle(error instanceof Error ? error : new Error(String(error)));
        },
      );
  };
  /** A rejected publish: acknowledged, counted, kept as a dead letter and its code sent on the error topic. */
  const rejectPublish = (topic: string, payload: Buffer, rejection: TelemetryRejection): void => {
    info.rejected += 1;
    operate.recordDeadLetter({ transport: 'mqtt', where: topic, rejection, payload });
    broker.publish(
      {
        cmd: 'publish',
        topic: errorTopic(topic),
        payload: Buffer.from(JSON.stringify(rejection)),
        qos: 0,
        retain: false,
        dup: false,
      },
      () => undefined,
    );
  };
  const authorizeTelemetry = (
    client: Client | null,
    packet: PublishPacket,
    done: (error?: Error | null) => void,
  ): void => {
    const facility = client === null ? undefined : deviceFacility(client);
    if (client !== null && facility !== undefined) {
      const address = fromTelemetryTopic(packet.topic);
      // Devices publish telemetry only; anything else ends the connection (MQTT 3.1.1 has no negative PUBACK).
      if (!address) return done(new Error(`a device token publishes to reeflow/v1/${facility}/<kind> only`));
      if (address.facility !== facility) {
        const rejection: TelemetryRejection = {
          code: 'TELEMETRY_FACILITY_FORBIDDEN',
          message: `facility: this token writes telemetry for '${facility}' only, not '${address.facility}'`,
          path: ['facility'],
        };
        operate.countRejection(rejection);
        operate.recordDeadLetter({
          transport: 'mqtt',
          where: packet.topic,
          rejection,
          payload: packet.payload as Buffer,
        });
        info.messages += 1;
        info.rejected += 1;
        // Acknowledged but neither stored nor forwarded: the packet becomes the coded error on the device's own error topic.
        packet.topic = `reeflow-errors/v1/${facility}/${address.kind}`;
        packet.payload = Buffer.from(JSON.stringify(rejection));
        packet.retain = false;
        return done(null);
      }
    }
    const decoded =
      client === null
        ? undefined
        : decodeMessage(operate, packet.topic, packet.payload as Buffer, maxEventBytes);
    if (decoded === undefined) return done(null);
    info.messages += 1;
    if (!decoded.ok) {
      rejectPublish(packet.topic, packet.payload as Buffer, decoded.rejection);
      return done(null);
    }
    pending.push({
      event: decoded.event,
      ...definedFields({ text: decoded.text }),
      done,
    });
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  const broker = await Aedes.createBroker({
    ...(tokens === undefined
      ? {}
      : {
          authenticate: (client, _username, password, done) => {
            const token = password?.toString('utf8') ?? '';
            if (token === '') return done(refusal(4, 'send a device token as the MQTT password'), false);
            verifyToken(tokens, token)
              .then(
                (principal) => {
                  if (!DEVICES.includes(principal.role))
                    return done(refusal(5, `role '${principal.role}' may not send telemetry`), false);
                  if (!clientIds.claim(client.id, principal.id, client))
                    return done(identifierRefusal(client.id), false);
                  principals.set(client, principal);
                  done(null, true);
                },
                (error: unknown) =>
                  done(refusal(4, error instanceof Error ? error.message : 'the token is refused'), false),
              )
              .catch((error: unknown) => options.log?.error?.('MQTT authentication failed', error));
          },
          authorizeSubscribe: (client, subscription, done) => {
            const facility = deviceFacility(client);
            done(
              null,
              facility === undefined || isOwnFacilityFilter(subscription.topic, facility)
                ? subscription
                : null,
            );
          },
        }),
    // Nothing thrown while judging a publish may escape into aedes (it would end the process): the
    // message is rejected as TELEMETRY_INTERNAL, acknowledged and logged instead.
    authorizePublish: (client, packet, done) => {
      let answered = false;
      const answer = (error?: Error | null): void => {
        answered = true;
        done(error);
      };
      try {
        authorizeTelemetry(client, packet, answer);
      } catch (error) {
        if (answered) return options.log?.error?.('MQTT publish handler failed after answering', error);
        info.messages += 1;
        const payload = Buffer.isBuffer(packet.payload)
          ? packet.payload
          : Buffer.from(String(packet.payload));
        const rejection = handlerFailure(operate, packet.topic, error, options.log);
        info.rejected += 1;
        operate.recordDeadLetter({ transport: 'mqtt', where: packet.topic, rejection, payload });
        // Acknowledged but not forwarded: the packet becomes the coded error on the error topic.
        packet.topic = errorTopic(packet.topic);
        packet.payload = Buffer.from(JSON.stringify(rejection));
        packet.retain = false;
        done(null);
      }
    },
  });
  if (tokens !== undefined)
    broker.on('clientDisconnect', (client) => clientIds.release(client.id, client, client.clean));
  const server: Server = createServer(broker.handle);
  const listen = async (port: number): Promise<void> => {
    server.listen(port, options.host);
    await Promise.race([
      once(server, 'listening'),
      once(server, 'error').then(([error]) => Promise.reject(error as Error)),
    ]);
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
    ...definedFields({ note }),
    describe: () => ({ ...info }),
    close: async () => {
      info.connected = false;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}
