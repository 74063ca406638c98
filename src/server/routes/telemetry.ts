/**
 * Telemetry in and out over HTTP. `POST /v1/telemetry` takes a JSON array (or one object) or an
 * NDJSON stream of any length, streamed into the store by `ingestStream` (../telemetry-ingest.ts);
 * the GET routes query stored events, aggregates, counters and dead letters.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  BUCKETS,
  DEAD_LETTER_PAYLOAD_CHARS,
  DEFAULT_MAX_EVENT_BYTES,
  aggregateRowSchema,
  ingestStatsSchema,
  storeCapabilitiesSchema,
  storedEventSchema,
  TELEMETRY_KINDS,
  toTelemetryJsonSchema,
} from '../../monitor/index.js';
import { ADMINS, DEVICES, PLANNERS } from '../auth.js';
import { requireOperate, type ServerDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute } from '../route.js';
import { errorSchema, jsonObjectSchema } from '../schemas.js';
import { brokerInfoSchema } from '../broker-info.js';
import { facilityScopeOf, queryInScope } from '../scope.js';
import {
  DEFAULT_MAX_BODY_BYTES,
  ingestResultSchema,
  ingestStream,
  sendIngestResult,
} from '../telemetry-ingest.js';
import { DEFAULT_QUERY_LIMIT } from '../../store/index.js';
import { definedFields } from '../../defined-fields.js';

const deadLetterSchema = z
  .object({
    time: z.number().int().meta({ description: 'when it was rejected, epoch ms (server clock)' }),
    transport: z.enum(['http', 'mqtt']),
    where: z
      .string()
      .meta({ description: 'the MQTT topic, or the HTTP route and the position of the event in its body' }),
    code: z.string().meta({ description: 'TELEMETRY_* code' }),
    message: z.string(),
    id: z.string().optional().meta({ description: 'the event id, when readable' }),
    payload: z.string().meta({
      description: `the first ${DEAD_LETTER_PAYLOAD_CHARS} characters of the message (bytes that are not UTF-8 shown as U+FFFD)`,
    }),
    truncated: z.boolean(),
  })
  .meta({ id: 'TelemetryDeadLetter' });
const rejectionsSchema = z
  .object({
    rejected: z.number().int().meta({ description: 'events rejected since start, on every path' }),
    rejectedByCode: z.record(z.string(), z.number().int()),
    limit: z.number().int().meta({ description: 'how many dead letters are kept (the newest)' }),
    recent: z
      .array(deadLetterSchema)
      .meta({ description: 'the last rejected HTTP events and MQTT messages, newest first' }),
  })
  .meta({ id: 'TelemetryRejections' });

const ingestQuery = z.object({
  atomic: z.enum(['0', '1', 'true', 'false']).optional().meta({ description: '1: store all or nothing' }),
});
const timeParam = z.union([
  z.coerce.number().int(),
  z.iso.datetime({ offset: true }).transform((t) => Date.parse(t)),
]);
const eventQuery = z.object({
  facility: z.string().optional(),
  kind: z.enum(TELEMETRY_KINDS).optional(),
  series: z.string().optional(),
  from: timeParam.optional(),
  to: timeParam.optional(),
  limit: z.coerce.number().int().min(1).max(100_000).optional(),
  order: z.enum(['asc', 'desc']).optional(),
});
const aggregateQuery = z.object({
  kind: z.enum(TELEMETRY_KINDS),
  bucket: z.enum(Object.keys(BUCKETS) as [keyof typeof BUCKETS, ...(keyof typeof BUCKETS)[]]),
  from: timeParam,
  to: timeParam,
  facility: z.string().optional(),
  series: z.string().optional(),
});

export function registerTelemetryRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const maxEventBytes = DEFAULT_MAX_EVENT_BYTES;
  const maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
  // The ingest route reads its body as a stream: an encapsulated context without body parsers.
  void app.register(async (streaming) => {
    streaming.removeAllContentTypeParsers();
    streaming.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    defineRoute(
      streaming,
      {
        method: 'POST',
        url: '/v1/telemetry',
        summary: 'ingest telemetry events: a JSON array or object, or an NDJSON stream of any length',
        tags: ['telemetry'],
        roles: DEVICES,
        query: ingestQuery,
        description:
          'Idempotent by event id. Bad events are rejected with codes (TELEMETRY_*) and counted; the good ones are stored unless atomic=1. 200 means every accepted event is committed.',
        rawBody: {
          description: 'events',
          content: {
            'application/x-ndjson': {
              schema: { type: 'string', description: 'one event (TelemetryEvent JSON) per line' },
            },
            'application/json': { schema: { type: 'array', items: toTelemetryJsonSchema() } },
          },
        },
        responses: {
          200: { description: 'processed; counts and the first rejections', schema: ingestResultSchema },
          400: { description: 'the body is not JSON at all', schema: errorSchema },
          413: {
            description: 'body too large (events before the limit are stored unless atomic)',
            schema: errorSchema,
          },
          415: { description: 'not JSON or NDJSON', schema: errorSchema },
          422: {
            description: 'every event rejected, or any with atomic=1 (nothing stored)',
            schema: errorSchema,
          },
          503: { description: 'telemetry not enabled', schema: errorSchema },
        },
      },
      async ({ query, request, reply }) => {
        const { operate } = requireOperate(deps);
        // No body at all (no content type, nothing sent): Fastify runs no parser, so there is no stream.
        const body = (request.body as Readable | undefined) ?? Readable.from([]);
        const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
        const format =
          type === 'application/x-ndjson' ||
          type === 'application/ndjson' ||
          type === 'application/jsonl' ||
          type === 'application/json-seq'
            ? 'ndjson'
            : type === 'application/json' || type === ''
              ? 'json'
              : undefined;
        if (format === undefined) {
          body.resume();
          throw new ApiError(
            'UNSUPPORTED_MEDIA_TYPE',
            `Content-Type '${type}' is not accepted; send application/x-ndjson (one event per line) or application/json (an array of events)`,
          );
        }
        const atomic = query.atomic === '1' || query.atomic === 'true';
        // A device token writes for its own facility only; other roles are not limited here.
        const facility =
          request.principal.role === 'device' ? (request.principal.scope?.facility ?? '') : undefined;
        const log = (message: string, error: unknown): void => request.log.warn({ err: error }, message);
        const result = await ingestStream(operate, body, {
          atomic,
          format,
          maxBodyBytes,
          maxEventBytes,
          log,
          ...definedFields({ facility }),
        });
        return sendIngestResult(reply, result, maxBodyBytes);
      },
    );
  });

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/telemetry',
      summary: 'stored events by facility, kind, series and time range (oldest first unless order=desc)',
      tags: ['telemetry'],
      roles: PLANNERS,
      query: eventQuery,
      responses: {
        200: {
          description: "events of the caller's facilities",
          schema: z.object({
            events: z.array(storedEventSchema),
          }),
        },
        403: { description: 'facility outside the token scope', schema: errorSchema },
        503: { description: 'telemetry not enabled', schema: errorSchema },
      },
    },
    async ({ query, request }) => {
      const { store } = requireOperate(deps);
      const scope = await facilityScopeOf(deps, request.principal);
      const events = await queryInScope(scope, query.facility, (facility) =>
        store.telemetry.query(definedFields({ ...query, facility })),
      );
      // Several facilities queried one by one: put them back in (time, id) order and apply the limit once more.
      if (scope.all || query.facility !== undefined) return { events };
      const sign = query.order === 'desc' ? -1 : 1;
      events.sort(
        (a, b) =>
          sign *
          (a.event.time - b.event.time || (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0)),
      );
      return { events: events.slice(0, query.limit ?? DEFAULT_QUERY_LIMIT) };
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/telemetry/aggregate',
      summary: 'minute, hour or day buckets per facility and series: count, sum, min, max, avg, latest',
      tags: ['telemetry'],
      roles: PLANNERS,
      query: aggregateQuery,
      responses: {
        200: {
          description: "buckets of the caller's facilities",
          schema: z.object({ rows: z.array(aggregateRowSchema) }),
        },
        403: { description: 'facility outside the token scope', schema: errorSchema },
        503: { description: 'telemetry not enabled', schema: errorSchema },
      },
    },
    async ({ query, request }) => {
      if (query.to - query.from > 400 * 86_400_000 && query.bucket === 'minute')
        throw new ApiError(
          'BAD_REQUEST',
          'minute buckets over more than 400 days are too many; use hour or day buckets',
        );
      const { store } = requireOperate(deps);
      const scope = await facilityScopeOf(deps, request.principal);
      return {
        rows: await queryInScope(scope, query.facility, (facility) =>
          store.telemetry.aggregate(definedFields({ ...query, facility })),
        ),
      };
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/telemetry/stats',
      summary:
        'ingestion counters since start (received, stored, duplicates, rejected by code), the store and the broker',
      tags: ['telemetry'],
      roles: ADMINS,
      responses: {
        200: {
          description: 'counters',
          schema: ingestStatsSchema.extend({
            store: storeCapabilitiesSchema.optional(),
            broker: brokerInfoSchema
              .optional()
              .meta({ description: 'when the server runs or joins a broker' }),
          }),
        },
        503: { description: 'telemetry not enabled', schema: errorSchema },
      },
    },
    async () => {
      const { operate } = requireOperate(deps);
      return { ...operate.stats, store: deps.store?.capabilities, broker: deps.broker?.describe() };
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/telemetry/rejections',
      summary:
        'dead letters: rejection counters by code and the last rejected events and messages (HTTP and MQTT) with their payloads',
      tags: ['telemetry'],
      roles: ADMINS,
      responses: {
        200: { description: 'counters and the newest dead letters', schema: rejectionsSchema },
        503: { description: 'telemetry not enabled', schema: errorSchema },
      },
    },
    async () => {
      const { operate } = requireOperate(deps);
      const { limit, letters } = operate.deadLetters();
      return {
        rejected: operate.stats.rejected,
        rejectedByCode: operate.stats.rejectedByCode,
        limit,
        recent: letters,
      };
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/telemetry/schema',
      summary: 'the JSON Schema of one telemetry event',
      tags: ['telemetry'],
      public: true,
      responses: { 200: { description: 'JSON Schema', schema: jsonObjectSchema } },
    },
    async () => toTelemetryJsonSchema(),
  );
}
