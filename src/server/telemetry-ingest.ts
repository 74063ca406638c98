/**
 * The streaming telemetry ingest behind `POST /v1/telemetry`: reads a body of any length as it
 * arrives, splits it into events (NDJSON lines or JSON array elements), validates each, stores
 * good events in chunks and answers with counts and the first rejections. A 2xx answer means every
 * accepted event is committed.
 */
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  createJsonArraySplitter,
  createLineSplitter,
  createUtf8Decoder,
  parseDecodedEvent,
  type AppendResult,
  type OperateService,
  type TelemetryParseResult,
  type TelemetryRejection,
} from '../monitor/index.js';
import { ApiError } from './errors.js';

/** An accepted event and its source text (see TelemetryParseResult). */
type AcceptedEvent = Extract<TelemetryParseResult, { ok: true }>;

/** Events stored per transaction while a body streams in. */
const CHUNK_EVENTS = 4096;
/** Largest body, bytes (streamed, so this bounds work, not memory). */
export const DEFAULT_MAX_BODY_BYTES = 512 * 1024 * 1024;
/** Largest all-or-nothing batch, events (held in memory until the end). */
const MAX_ATOMIC_EVENTS = 1_000_000;
/** Rejections listed in one answer; the counts cover all of them. */
const MAX_LISTED_ERRORS = 100;

const rejectionSchema = z.object({
  index: z.number().int().optional(),
  id: z.string().optional(),
  code: z.string(),
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])).optional(),
});
export const ingestResultSchema = z
  .object({
    received: z.number().int().meta({ description: 'events read from the body' }),
    accepted: z.number().int().meta({ description: 'events stored by this request (first delivery)' }),
    duplicates: z
      .number()
      .int()
      .meta({ description: 'events whose id was stored before (acknowledged, stored once)' }),
    rejected: z.number().int(),
    errors: z.array(rejectionSchema).meta({ description: `the first ${MAX_LISTED_ERRORS} rejections` }),
    atomic: z.boolean(),
  })
  .meta({ id: 'TelemetryIngestResult' });
export type IngestResult = z.infer<typeof ingestResultSchema>;

export interface IngestOptions {
  atomic: boolean;
  /** A device token's facility: events for any other facility are rejected (issue 9 scopes). */
  facility?: string;
  format: 'ndjson' | 'json';
  maxBodyBytes: number;
  maxEventBytes: number;
  /** Where a store failure is logged (the client gets a 503 without internals). */
  log?: (message: string, error: unknown) => void;
}

/** Reads, validates and stores a streamed body; resolves with the answer once everything accepted is committed. */
export async function ingestStream(
  operate: OperateService,
  body: Readable,
  options: IngestOptions,
): Promise<IngestResult & { tooLarge: boolean; structural?: string }> {
  const result: IngestResult & { tooLarge: boolean; structural?: string } = {
    received: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    errors: [],
    atomic: options.atomic,
    tooLarge: false,
  };
  // Accepted parse results: each event with its source text, stored as is when there is one.
  let batch: AcceptedEvent[] = [];
  let atomicHeld: AcceptedEvent[] = [];
  const decoder = createUtf8Decoder();
  const note = (rejection: TelemetryRejection, text: string): void => {
    result.rejected += 1;
    if (result.errors.length < MAX_LISTED_ERRORS) result.errors.push(rejection);
    operate.recordDeadLetter({
      transport: 'http',
      where: `POST /v1/telemetry [${rejection.index ?? 0}]`,
      rejection,
      payload: text,
    });
  };
  const take = (text: string): void => {
    const index = result.received;
    result.received += 1;
    let parsed: TelemetryParseResult;
    if (text === '\u0000oversized') {
      parsed = {
        ok: false,
        rejection: {
          code: 'TELEMETRY_TOO_LARGE',
          message: `the event is larger than ${options.maxEventBytes} bytes`,
        },
      };
      operate.countRejection(parsed.rejection);
    } else parsed = parseDecodedEvent(operate, text, decoder);
    if (parsed.ok && options.facility !== undefined && parsed.event.facility !== options.facility) {
      parsed = {
        ok: false,
        rejection: {
          code: 'TELEMETRY_FACILITY_FORBIDDEN',
          message: `facility: this token writes telemetry for '${options.facility}' only, not '${parsed.event.facility}'`,
          id: parsed.event.id,
          path: ['facility'],
        },
      };
      operate.countRejection(parsed.rejection, { alreadyReceived: true });
    }
    if (!parsed.ok) note({ index, ...parsed.rejection }, text === '\u0000oversized' ? '' : text);
    else if (options.atomic) atomicHeld.push(parsed);
    else batch.push(parsed);
  };
  const splitter =
    options.format === 'ndjson'
      ? createLineSplitter(
          (line) => (line.trim().length > 0 ? take(line) : undefined),
          () => take('\u0000oversized'),
          options.maxEventBytes,
        )
      : createJsonArraySplitter(take, (message) => (result.structural ??= message), options.maxEventBytes);
  const commit = async (): Promise<void> => {
    if (batch.length === 0) return;
    const accepted = batch;
    batch = [];
    let stored: AppendResult;
    try {
      stored = await operate.ingest(
        accepted.map((a) => a.event),
        { texts: accepted.map((a) => a.text) },
      );
    } catch (error) {
      // The store is down or restarting (a lost connection, a locked file): nothing of this chunk is
      // acknowledged, so the client re-sends the batch; what was stored before is recognised by id.
      options.log?.('telemetry store failed; answering 503', error);
      throw new ApiError(
        'UNAVAILABLE',
        `the telemetry store is unavailable; ${result.accepted + result.duplicates} events of this request were stored before it failed and the rest were not. Re-send the whole batch (stored events are recognised by id)`,
        undefined,
        { 'retry-after': '1' },
      );
    }
    result.accepted += stored.inserted;
    result.duplicates += stored.duplicates.length;
  };
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Buffer | string>) {
    bytes += chunk.length;
    if (bytes > options.maxBodyBytes) {
      result.tooLarge = true;
      break;
    }
    splitter.push(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (options.atomic && atomicHeld.length > MAX_ATOMIC_EVENTS) {
      result.tooLarge = true;
      break;
    }
    if (batch.length >= CHUNK_EVENTS) await commit();
  }
  if (result.tooLarge) {
    body.destroy();
    if (!options.atomic) await commit();
    return result;
  }
  splitter.push(decoder.end());
  splitter.end();
  if (options.atomic) {
    if (result.rejected === 0 && result.structural === undefined) {
      batch = atomicHeld;
      atomicHeld = [];
      await commit();
    }
  } else await commit();
  return result;
}

/** Answers an ingest: 200 with the counts, or 400/413/422 with a code saying what went wrong. */
export function sendIngestResult(
  reply: FastifyReply,
  result: IngestResult & { tooLarge: boolean; structural?: string },
  maxBodyBytes: number,
): FastifyReply {
  const { tooLarge, structural, ...body } = result;
  if (tooLarge) {
    return reply.status(413).send({
      code: 'BODY_TOO_LARGE',
      message: `the body is larger than ${maxBodyBytes} bytes (or ${MAX_ATOMIC_EVENTS} events with atomic=1); ${body.accepted + body.duplicates} events before the limit were ${body.atomic ? 'not stored (atomic)' : 'stored'}; send smaller batches`,
      ...body,
    });
  }
  if (structural !== undefined && body.accepted + body.duplicates === 0 && body.received === 0) {
    return reply.status(400).send({
      code: 'INVALID_JSON',
      message: `the body is not a JSON array or object: ${structural}`,
      ...body,
    });
  }
  if (body.atomic && (body.rejected > 0 || structural !== undefined)) {
    return reply.status(422).send({
      code: 'TELEMETRY_REJECTED',
      message: `${body.rejected} of ${body.received} events were rejected${structural ? ` (${structural})` : ''}; nothing was stored (atomic=1)`,
      ...body,
    });
  }
  if (body.received > 0 && body.rejected === body.received) {
    return reply.status(422).send({
      code: 'TELEMETRY_REJECTED',
      message: `all ${body.received} events were rejected; nothing was stored`,
      ...body,
    });
  }
  return reply.status(200).send(body);
}
