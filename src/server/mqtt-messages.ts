/**
 * What the embedded broker (mqtt.ts) and the bridge to an external one (mqtt-bridge.ts) share: the
 * broker interface, decoding one message against its topic, the error topic and the counters.
 */
import { isUtf8 } from 'node:buffer';
import {
  DEFAULT_MAX_EVENT_BYTES,
  fromTelemetryTopic,
  type OperateService,
  type TelemetryParseResult,
  type TelemetryRejection,
} from '../monitor/index.js';
import type { BrokerInfo } from './broker-info.js';

/** The topic filter the bridge subscribes to. */
export const TELEMETRY_TOPIC_FILTER = 'reeflow/v1/+/+';

export interface TelemetryBroker {
  readonly url: string;
  describe(): BrokerInfo;
  close(): Promise<void>;
}

/** Where the brokers log. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  /** A bug caught in a message handler (logged with its stack). */
  error?(message: string, error: unknown): void;
}

/** Decodes one MQTT message: size, UTF-8, JSON, schema, and agreement with its topic. */
export function decodeMessage(
  operate: OperateService,
  topic: string,
  payload: Buffer,
  maxEventBytes = DEFAULT_MAX_EVENT_BYTES,
): TelemetryParseResult | undefined {
  const address = fromTelemetryTopic(topic);
  if (!address) return undefined;
  if (payload.length > maxEventBytes) {
    const rejection = {
      code: 'TELEMETRY_TOO_LARGE' as const,
      message: `the message is ${payload.length} bytes; at most ${maxEventBytes} are accepted`,
    };
    operate.countRejection(rejection);
    return { ok: false, rejection };
  }
  // Decoding would replace bad bytes with U+FFFD, and two ids differing only there would become one.
  if (!isUtf8(payload)) {
    const rejection = {
      code: 'TELEMETRY_BAD_ENCODING' as const,
      message: 'the payload is not valid UTF-8; send JSON text encoded as UTF-8',
    };
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

export function errorTopic(topic: string): string {
  return topic.replace(/^reeflow\//, 'reeflow-errors/');
}

/** A message rejected because its handler threw (a bug): counted, kept and logged, then acknowledged like any rejection. */
export function handlerFailure(
  operate: OperateService,
  topic: string,
  error: unknown,
  log: Logger | undefined,
): TelemetryRejection {
  const rejection: TelemetryRejection = {
    code: 'TELEMETRY_INTERNAL',
    message: 'the server failed while handling this message; it was dropped and logged',
  };
  try {
    operate.countRejection(rejection);
    const message = `MQTT message on ${topic} rejected as TELEMETRY_INTERNAL: its handler failed`;
    if (log?.error) log.error(message, error);
    else log?.warn(`${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } catch {
    // Counting and logging are best effort here: nothing may escape a message handler.
  }
  return rejection;
}

export function createCounters(mode: BrokerInfo['mode'], url: string): BrokerInfo {
  return { mode, url, connected: false, messages: 0, stored: 0, duplicates: 0, rejected: 0, reconnects: 0 };
}
