/**
 * The HTTP error catalogue: every code the API answers with, its status and what it means. Built
 * from the domain code lists (each domain folder's errors.ts) plus the codes only HTTP raises, so a
 * domain code is public under its own name; docs/error-codes.md is generated from it.
 */
import { COORDINATE_ERRORS } from '../coordinate/index.js';
import { SPC_ERRORS } from '../monitor/index.js';
import { RISK_ERRORS } from '../risk/index.js';
import { SIMULATION_ERRORS } from '../simulate/index.js';
import { SOLVER_ERRORS } from '../solver/index.js';

/** A catalogue line: the HTTP status of a code and one sentence saying what it means. */
export interface CatalogueEntry {
  status: number;
  meaning: string;
}

/** The codes only the HTTP layer raises: the request itself, auth, the registry and the job queue. */
export const HTTP_ERRORS = {
  BAD_REQUEST: { status: 400, meaning: 'The request is not one this route accepts.' },
  VALIDATION_FAILED: {
    status: 400,
    meaning:
      'The body, query or parameters do not match the route schema (with `issues`, each `path` starting `body`, `query` or `params`).',
  },
  INVALID_JSON: { status: 400, meaning: 'The body is empty or not valid JSON.' },
  BAD_URL: { status: 400, meaning: 'The path is not valid percent-encoding.' },
  MALFORMED_REQUEST: { status: 400, meaning: 'The request is not valid HTTP/1.1.' },
  BODY_LENGTH_MISMATCH: { status: 400, meaning: 'The body is not as long as its Content-Length says.' },
  REQUEST_TIMEOUT: { status: 408, meaning: 'The request was not received in time.' },
  PARAM_TOO_LONG: { status: 414, meaning: 'A path parameter is over 100 characters.' },
  HEADERS_TOO_LARGE: { status: 431, meaning: 'The request line and headers are over 16 KiB.' },
  WEBHOOK_TARGET_REFUSED: {
    status: 422,
    meaning: 'A webhook target is not an address this server may call.',
  },
  UNAUTHENTICATED: { status: 401, meaning: 'No valid token was sent (with `WWW-Authenticate: Bearer`).' },
  FORBIDDEN: {
    status: 403,
    meaning: "The token's role may not use this route (the message names the roles).",
  },
  OUT_OF_SCOPE: { status: 403, meaning: "A facility or project is outside the token's scope." },
  NOT_FOUND: { status: 404, meaning: 'No such route or resource.' },
  MODEL_NOT_FOUND: { status: 404, meaning: 'No model with that id is served.' },
  SCENARIO_NOT_FOUND: { status: 404, meaning: 'The model has no scenario with that id.' },
  PLAN_NOT_FOUND: { status: 404, meaning: 'No plan job with that id (jobs are kept in memory).' },
  SIMULATION_NOT_FOUND: { status: 404, meaning: 'No simulation job with that id.' },
  SIZING_NOT_FOUND: { status: 404, meaning: 'No stockpile-sizing job with that id.' },
  DIVERSIFICATION_NOT_FOUND: { status: 404, meaning: 'No cost-of-diversification job with that id.' },
  ALLOCATION_NOT_FOUND: { status: 404, meaning: 'No allocation job with that id.' },
  ASSET_NOT_FOUND: { status: 404, meaning: 'No asset with that id.' },
  METHOD_NOT_ALLOWED: { status: 405, meaning: 'The route does not take this method.' },
  MODEL_EXISTS: { status: 409, meaning: 'A model with that id exists already.' },
  PLAN_FINISHED: { status: 409, meaning: 'The plan job has finished; it cannot be cancelled.' },
  JOB_FINISHED: { status: 409, meaning: 'The job has finished; it cannot be cancelled.' },
  RUN_NOT_READY: { status: 409, meaning: 'The job has not succeeded, so it has no result to use.' },
  BODY_TOO_LARGE: { status: 413, meaning: 'The body is over the size limit (default 16 MiB).' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: 'The Content-Type is not one this route accepts.' },
  MODEL_INVALID: { status: 422, meaning: 'The model has errors (with `issues`).' },
  MODEL_TOO_COMPLEX: { status: 422, meaning: 'The model is over the size this server accepts.' },
  SCENARIO_INVALID: { status: 422, meaning: 'The scenario has errors (with `issues`).' },
  PLAN_BAD_OBJECTIVE: { status: 422, meaning: 'The objective is unknown or names an unknown jurisdiction.' },
  RISK_NO_FLOWS: { status: 422, meaning: 'The plan or simulation has no flows to measure.' },
  RESULT_INVALID: { status: 422, meaning: 'An uploaded result does not match its schema.' },
  RATE_LIMITED: { status: 429, meaning: 'Too many requests (with `Retry-After`).' },
  JOBS_TOO_MANY_QUEUED: {
    status: 429,
    meaning: 'This token has too many jobs waiting (with `Retry-After`).',
  },
  JOBS_QUEUE_FULL: { status: 503, meaning: 'The job queue is full (with `Retry-After`).' },
  INTERNAL: {
    status: 500,
    meaning:
      'An unexpected error: the message and `requestId` only; the log line with the same id has the stack.',
  },
  NOT_READY: { status: 503, meaning: 'The server is starting or a dependency is down.' },
  UNAVAILABLE: {
    status: 503,
    meaning: 'A capability this server was started without, or a store that fails.',
  },
} as const satisfies Record<string, CatalogueEntry>;

/** Every domain code, with its meaning from the folder that raises it (add a new list to toErrorCodesDoc's sections too). */
const DOMAIN_ERRORS = {
  ...SOLVER_ERRORS,
  ...SIMULATION_ERRORS,
  ...COORDINATE_ERRORS,
  ...SPC_ERRORS,
  ...RISK_ERRORS,
} as const;
export type DomainErrorCode = keyof typeof DOMAIN_ERRORS;

/** The HTTP status of each domain code: a new code in a domain list fails the type check until it has one. */
const DOMAIN_STATUS: Record<DomainErrorCode, number> = {
  SOLVER_BAD_PROBLEM: 422,
  SOLVER_BAD_OPTIONS: 422,
  SOLVER_UNAVAILABLE: 503,
  SOLVER_ABORTED: 409,
  RISK_UNKNOWN_METRIC: 422,
  RISK_UNKNOWN_CONSUMER: 422,
  RISK_UNKNOWN_PARTY: 422,
  RISK_BLOC_UNSUPPORTED: 422,
  SIM_BAD_OPTION: 422,
  SIM_UNKNOWN_ID: 422,
  SIM_NO_PLAN: 422,
  SIM_NO_STOCKPILE_TARGET: 422,
  SIM_WORKER_FAILED: 500,
  SIM_CANCELLED: 409,
  PROJECT_NOT_FOUND: 404,
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
  DIVIDEND_BAD_REGIONS: 422,
  DIVIDEND_NOT_OPTIMAL: 422,
  DIVIDEND_INVARIANT: 500,
  BAD_DATE: 400,
  SPC_BAD_OPTION: 400,
  SPC_BAD_RULE: 400,
  SPC_BAD_RANGE: 400,
  SPC_BAD_SUBGROUP: 400,
  SPC_BAD_SHAPE: 400,
  SPC_UNSORTED: 400,
  SPC_TOO_FEW_POINTS: 422,
  SPC_ZERO_VARIANCE: 422,
  SPC_NON_FINITE: 422,
  SPC_BAD_SPEC: 422,
  SPC_BAD_COUNTS: 400,
};

export type ErrorCode = keyof typeof HTTP_ERRORS | DomainErrorCode;

/**
 * Every code the API answers with: its status and meaning. Built from the domain code lists
 * (each folder's errors.ts) plus the HTTP-only codes; docs/error-codes.md is generated from it.
 */
export const ERROR_CATALOGUE: Readonly<Record<ErrorCode, CatalogueEntry>> = {
  ...HTTP_ERRORS,
  ...(Object.fromEntries(
    Object.entries(DOMAIN_ERRORS).map(([code, meaning]) => [
      code,
      { status: DOMAIN_STATUS[code as DomainErrorCode], meaning },
    ]),
  ) as Record<DomainErrorCode, CatalogueEntry>),
};

/** The HTTP status of a code, e.g. 404 for `PROJECT_NOT_FOUND`. */
export const statusOf = (code: ErrorCode): number => ERROR_CATALOGUE[code].status;

/** docs/error-codes.md: the catalogue as tables, HTTP-only codes then each domain's (npm run docs writes it). */
export function toErrorCodesDoc(): string {
  const table = (codes: readonly string[]): string =>
    [
      '| code | status | meaning |',
      '|---|---|---|',
      ...[...codes]
        .sort((a, b) => statusOf(a as ErrorCode) - statusOf(b as ErrorCode))
        .map(
          (code) =>
            `| \`${code}\` | ${statusOf(code as ErrorCode)} | ${ERROR_CATALOGUE[code as ErrorCode].meaning} |`,
        ),
    ].join('\n');
  const sections: [string, string, readonly string[]][] = [
    ['HTTP', 'src/server/error-catalogue.ts', Object.keys(HTTP_ERRORS)],
    ['Solver', 'src/solver/errors.ts', Object.keys(SOLVER_ERRORS)],
    ['Simulation', 'src/simulate/errors.ts', Object.keys(SIMULATION_ERRORS)],
    ['Coordinate', 'src/coordinate/errors.ts', Object.keys(COORDINATE_ERRORS)],
    ['Quality and maintenance', 'src/monitor/spc/errors.ts', Object.keys(SPC_ERRORS)],
    ['Risk', 'src/risk/errors.ts', Object.keys(RISK_ERRORS)],
  ];
  return `# Error codes

<!-- Generated by \`npm run docs\` from src/server/error-catalogue.ts; do not edit. -->

Every error reeflow reports on purpose is a \`CodedError\` (src/coded-error.ts) with a code from one
of the lists below. The API answers it as JSON \`{code, message, issues?, requestId?}\` with the
status given here; the CLI prints \`error CODE: message\` and exits 1. A code keeps its name
everywhere: the one a domain function throws is the one the API and the CLI report. Anything else
is a bug: the API answers 500 \`INTERNAL\` with a request id, the CLI prints \`error INTERNAL\` with a
reference and exits 70. Model issues (\`REF_UNKNOWN\`, …) are listed in [issue-codes.md](issue-codes.md).

${sections.map(([title, file, codes]) => `## ${title}\n\nIn ${file}.\n\n${table(codes)}\n`).join('\n')}`;
}
