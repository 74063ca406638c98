/**
 * The server's one error handler: coded errors map to HTTP statuses in one catalogue, bodies are
 * `{code, message, issues?, requestId?}`, and anything unexpected is a 500 that carries the
 * request id (to find the logged stack) and nothing else.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Issue } from '../model/index.js';

/** Every code the API answers with, and its HTTP status. Route modules add their codes here. */
export const ERROR_CATALOGUE = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  MODEL_NOT_FOUND: 404,
  SCENARIO_NOT_FOUND: 404,
  PLAN_NOT_FOUND: 404,
  SIMULATION_NOT_FOUND: 404,
  SIZING_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  MODEL_EXISTS: 409,
  PLAN_FINISHED: 409,
  JOB_FINISHED: 409,
  RUN_NOT_READY: 409,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  MODEL_INVALID: 422,
  MODEL_TOO_COMPLEX: 422,
  SCENARIO_INVALID: 422,
  PLAN_BAD_OBJECTIVE: 422,
  SIMULATION_BAD_OPTIONS: 422,
  RISK_UNKNOWN_METRIC: 422,
  RISK_UNKNOWN_CONSUMER: 422,
  RISK_NO_FLOWS: 422,
  RESULT_INVALID: 422,
  RATE_LIMITED: 429,
  // Issue 13: the bounded job queue
  JOBS_TOO_MANY_QUEUED: 429,
  JOBS_QUEUE_FULL: 503,
  // Coordinate (issue 9)
  OUT_OF_SCOPE: 403,
  PROJECT_NOT_FOUND: 404,
  ALLOCATION_NOT_FOUND: 404,
  BAD_DATE: 400,
  PROJECT_STAGE_UNKNOWN: 400,
  PROJECT_STAGE_SKIP: 409,
  PROJECT_STAGE_BACKWARD: 409,
  PROJECT_OPERATING: 409,
  PROJECT_DEPENDENCY_CYCLE: 422,
  PROJECT_UNKNOWN_DEPENDENCY: 422,
  FINANCE_RATE_OUT_OF_BOUNDS: 422,
  FINANCE_BAD_CASH_FLOWS: 422,
  ALLOCATE_NEGATIVE_BUDGET: 422,
  ALLOCATE_BAD_GOAL: 422,
  ALLOCATE_NO_PROJECTS: 422,
  ALLOCATE_INFEASIBLE: 422,
  // Quality and maintenance (issue 7): SPC codes keep their names from monitor/spc
  ASSET_NOT_FOUND: 404,
  SPC_BAD_OPTION: 400,
  SPC_BAD_RULE: 400,
  SPC_BAD_RANGE: 400,
  SPC_TOO_FEW_POINTS: 422,
  SPC_ZERO_VARIANCE: 422,
  SPC_NON_FINITE: 422,
  SPC_BAD_SPEC: 422,
  INTERNAL: 500,
  NOT_READY: 503,
  UNAVAILABLE: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** The JSON body of every error answer. */
export interface ErrorBody {
  code: string;
  message: string;
  issues?: Issue[];
  /** Set on 500s: quote it when reporting; the log line with the same id has the details. */
  requestId?: string;
}

/**
 * A coded error a route throws; the handler turns it into its catalogue status.
 *
 * @example throw new ApiError('MODEL_NOT_FOUND', `no model 'x'; known: world, two-base`);
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: Issue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.statusCode = ERROR_CATALOGUE[code];
  }
}

/** Fastify's own client errors (bad JSON, too large, wrong media type) in our codes. */
function fromFastifyError(error: FastifyError): ErrorBody & { status: number } | undefined {
  if (error.validation) return { status: 400, code: 'VALIDATION_FAILED', message: error.message };
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'BODY_TOO_LARGE', message: 'the request body is larger than this server accepts' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: `${error.message}; send application/json (or application/yaml where documented)` };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'INVALID_JSON', message: "the body is empty but Content-Type is 'application/json'" };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'INVALID_JSON', message: 'the body is not valid JSON' };
    default:
      break;
  }
  if (error instanceof SyntaxError && error.statusCode === 400) return { status: 400, code: 'INVALID_JSON', message: `the body is not valid JSON: ${error.message}` };
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) return { status, code: status === 413 ? 'BODY_TOO_LARGE' : 'BAD_REQUEST', message: error.message };
  return undefined;
}

/** Installs the error and not-found handlers on `app`. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
      const body: ErrorBody = { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) };
      return reply.status(error.statusCode).headers(error.headers).send(body);
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
    const body: ErrorBody = { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0] ?? ''}; see /v1/openapi.json` };
    return reply.status(404).send(body);
  });
}
