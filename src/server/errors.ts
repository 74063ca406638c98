/**
 * The server's one error handler: coded errors map to HTTP statuses in one catalogue, bodies are
 * `{code, message, issues?, requestId?}`, and anything unexpected is a 500 that carries the
 * request id (to find the logged stack) and nothing else.
 */
import { maxHeaderSize } from 'node:http';
import type { Socket } from 'node:net';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyServerOptions,
} from 'fastify';
import { CodedError, isCodedError } from '../coded-error.js';
import type { Issue } from '../model/index.js';
import { ERROR_CATALOGUE, statusOf, type ErrorCode } from './error-catalogue.js';

export { ERROR_CATALOGUE, statusOf, type ErrorCode };

/** The JSON body of every error answer. */
export interface ErrorBody {
  code: string;
  message: string;
  issues?: Issue[];
  /** Set on 500s: quote it when reporting; the log line with the same id has the details. */
  requestId?: string;
}

/**
 * A coded error a route throws (domain errors need no wrapping: the handler maps any coded error).
 *
 * @example throw new ApiError('MODEL_NOT_FOUND', `no model 'x'; known: world, two-base`);
 */
export class ApiError extends CodedError<ErrorCode> {
  override readonly name = 'ApiError';
  readonly statusCode: number;
  constructor(
    code: ErrorCode,
    message: string,
    readonly issues?: Issue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(code, message);
    this.statusCode = statusOf(code);
  }
}

/** True when `code` is in the catalogue. */
export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_CATALOGUE, code);

/** The longest path parameter Fastify routes (longer ones are 414 PARAM_TOO_LONG); ids are no longer. */
export const MAX_PARAM_LENGTH = 100;

type ClientError = ErrorBody & { status: number };

/** Fastify's own client errors (bad JSON, too large, wrong media type, bad URL…) in our codes, by Fastify code. */
const FASTIFY_ERRORS: Record<string, (error: FastifyError) => ClientError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => ({
    status: 413,
    code: 'BODY_TOO_LARGE',
    message: 'the request body is larger than this server accepts',
  }),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (error) => ({
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: `${error.message}; send application/json (or application/yaml where documented)`,
  }),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => ({
    status: 400,
    code: 'INVALID_JSON',
    message: "the body is empty but Content-Type is 'application/json'",
  }),
  FST_ERR_CTP_INVALID_JSON_BODY: () => ({
    status: 400,
    code: 'INVALID_JSON',
    message: 'the body is not valid JSON',
  }),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => ({
    status: 400,
    code: 'BODY_LENGTH_MISMATCH',
    message:
      'the body is not as long as its Content-Length header says; send the whole body, or fix the header',
  }),
  FST_ERR_BAD_URL: () => ({
    status: 400,
    code: 'BAD_URL',
    message:
      'the path is not valid percent-encoding (a % must be followed by two hex digits forming UTF-8); encode it with encodeURIComponent',
  }),
  FST_ERR_MAX_PARAM_LENGTH: () => ({
    status: 414,
    code: 'PARAM_TOO_LONG',
    message: `a path segment is over the ${MAX_PARAM_LENGTH} characters this server accepts; ids are at most ${MAX_PARAM_LENGTH} characters`,
  }),
  FST_ERR_HANDLER_TIMEOUT: () => ({
    status: 503,
    code: 'UNAVAILABLE',
    message: 'the request took longer than this server allows; retry later',
  }),
};

/** Other client errors by status (any other 4xx is a 400 BAD_REQUEST): the code keeps the status its catalogue line says. */
const CODE_OF_STATUS: Partial<Record<number, ErrorCode>> = {
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  413: 'BODY_TOO_LARGE',
  414: 'PARAM_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
};

function fromFastifyError(error: FastifyError): ClientError | undefined {
  if (error.validation) return { status: 400, code: 'VALIDATION_FAILED', message: error.message };
  const known = FASTIFY_ERRORS[error.code]?.(error);
  if (known) return known;
  if (error instanceof SyntaxError && error.statusCode === 400)
    return { status: 400, code: 'INVALID_JSON', message: `the body is not valid JSON: ${error.message}` };
  const status = error.statusCode;
  if (status === undefined || status < 400 || status >= 500) return undefined;
  const code = CODE_OF_STATUS[status];
  return code === undefined
    ? { status: 400, code: 'BAD_REQUEST', message: error.message }
    : { status, code, message: error.message };
}

/** The longest segment of a request's path, for the 414 message. */
const longestSegment = (url: string): number =>
  Math.max(0, ...(url.split('?')[0] ?? '').split('/').map((segment) => segment.length));

/**
 * Fastify's `frameworkErrors`: the errors its router raises before any route or hook runs (a bad
 * URL, a path parameter over MAX_PARAM_LENGTH), answered as `{code, message}` like every other error.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const client = fromFastifyError(error) ?? { status: 400, code: 'BAD_REQUEST', message: error.message };
  const { status, ...body } = client;
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    body.message = `a path segment is ${longestSegment(request.url)} characters long, over the ${MAX_PARAM_LENGTH} this server accepts; ids are at most ${MAX_PARAM_LENGTH} characters`;
  }
  void reply.status(status).header('x-request-id', request.id).send(body);
}

/** What Node's HTTP parser refused, as a status and a coded body. */
function fromParserError(error: Error & { code?: string; reason?: string }): ClientError {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      code: 'HEADERS_TOO_LARGE',
      message: `the request line and headers are over the ${maxHeaderSize} bytes this server accepts; send a shorter URL, Authorization header or cookie`,
    };
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return {
      status: 408,
      code: 'REQUEST_TIMEOUT',
      message: 'the request was not received in time; send it again',
    };
  return {
    status: 400,
    code: 'MALFORMED_REQUEST',
    message: `the request is not valid HTTP/1.1 (${error.code ?? 'parse error'}${error.reason ? `: ${error.reason}` : ''}); check the client that sent it`,
  };
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/**
 * Fastify's `clientErrorHandler` (Node's 'clientError' event): what the HTTP parser refuses before
 * Fastify sees a request (headers over the size limit, malformed requests, timeouts) is answered as
 * JSON `{code, message}` on the raw socket, which is then closed.
 */
export const answerClientError: NonNullable<FastifyServerOptions['clientErrorHandler']> = function (
  this: FastifyInstance,
  error: Error & { code?: string },
  socket: Socket,
) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, ...body } = fromParserError(error);
  this.log.debug({ code: error.code }, `client error: ${body.code}`);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Client Error'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    () => socket.destroy(),
  );
};

/** Installs the error and not-found handlers on `app`. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isCodedError(error) && isErrorCode(error.code)) {
      const status = statusOf(error.code);
      if (status >= 500) request.log.error({ err: error }, error.message);
      const issues = error instanceof ApiError ? error.issues : undefined;
      const body: ErrorBody = { code: error.code, message: error.message, ...(issues ? { issues } : {}) };
      return reply
        .status(status)
        .headers(error instanceof ApiError ? error.headers : {})
        .send(body);
    }
    const client = fromFastifyError(error);
    if (client) {
      const { status, ...body } = client;
      return reply.status(status).send(body);
    }
    request.log.error({ err: error }, 'unexpected error');
    const body: ErrorBody = {
      code: 'INTERNAL',
      message: `an unexpected error occurred; quote request id ${request.id} when reporting it`,
      requestId: request.id,
    };
    return reply.status(500).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      code: 'NOT_FOUND',
      message: `no route ${request.method} ${request.url.split('?')[0] ?? ''}; see /v1/openapi.json`,
    };
    return reply.status(404).send(body);
  });
}
