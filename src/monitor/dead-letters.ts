/**
 * Dead letters: the last rejected HTTP events and MQTT messages, with a short copy of their payload,
 * kept in a bounded ring for operators (GET /v1/telemetry/rejections).
 */
import type { TelemetryErrorCode, TelemetryRejection } from './telemetry.js';

/** Characters of a rejected payload a dead letter keeps. */
export const DEAD_LETTER_PAYLOAD_CHARS = 512;
export const DEFAULT_DEAD_LETTERS = 100;

/** One rejected message, kept for operators: what came in where, and why it was refused. */
export interface DeadLetter {
  /** When it was rejected, epoch ms (server clock). */
  time: number;
  transport: 'http' | 'mqtt';
  /** The MQTT topic, or the HTTP route with the event's position in the body (`POST /v1/telemetry [3]`). */
  where: string;
  code: TelemetryErrorCode;
  message: string;
  id?: string;
  /** The payload's first characters (invalid UTF-8 shown as U+FFFD). */
  payload: string;
  /** Whether the payload was cut to DEAD_LETTER_PAYLOAD_CHARS. */
  truncated: boolean;
}

/** What a path in hands over to be kept as a dead letter. */
export interface DeadLetterInput {
  transport: DeadLetter['transport'];
  where: string;
  rejection: TelemetryRejection;
  payload: string | Uint8Array;
}

/** The payload as a short text of its own (a slice of a large body would keep the body alive). */
function toPayloadText(payload: string | Uint8Array): { payload: string; truncated: boolean } {
  const limit = DEAD_LETTER_PAYLOAD_CHARS;
  if (typeof payload === 'string')
    return {
      payload: Buffer.from(payload.slice(0, limit), 'utf8').toString('utf8'),
      truncated: payload.length > limit,
    };
  // At most 4 bytes a character: these bytes hold the first `limit` characters.
  const text = Buffer.from(
    payload.buffer,
    payload.byteOffset,
    Math.min(payload.byteLength, limit * 4),
  ).toString('utf8');
  return { payload: text.slice(0, limit), truncated: text.length > limit || payload.byteLength > limit * 4 };
}

/** A bounded ring of dead letters: the newest `limit` are kept (none with 0). */
export function createDeadLetterRing(
  limit: number,
  clock: () => number,
): { record(input: DeadLetterInput): void; list(): { limit: number; letters: DeadLetter[] } } {
  /** `letters[next]` is overwritten next; the newest is just before it. */
  const letters: DeadLetter[] = [];
  let next = 0;
  return {
    record({ transport, where, rejection, payload }) {
      if (limit <= 0) return;
      letters[next] = {
        time: clock(),
        transport,
        where,
        code: rejection.code,
        message: rejection.message,
        ...(rejection.id === undefined ? {} : { id: rejection.id }),
        ...toPayloadText(payload),
      };
      next = (next + 1) % limit;
    },
    list: () => ({ limit, letters: [...letters.slice(next), ...letters.slice(0, next)].reverse() }),
  };
}
