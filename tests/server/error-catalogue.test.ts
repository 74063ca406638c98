/**
 * Every domain error code, walked through the server's one error handler and the CLI's top level:
 * each answers with the code the domain threw (never a renamed one) and the catalogue's status.
 */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { CodedError } from '../../src/coded-error.js';
import { reportError } from '../../src/cli/errors.js';
import { COMMON_EXIT_CODES } from '../../src/cli/exit-codes.js';
import { COORDINATE_ERRORS, CoordinateError } from '../../src/coordinate/index.js';
import { SPC_ERRORS, SpcError } from '../../src/monitor/index.js';
import { RISK_ERRORS, RiskError } from '../../src/risk/index.js';
import { ERROR_CATALOGUE, HTTP_ERRORS } from '../../src/server/error-catalogue.js';
import { installErrorHandler } from '../../src/server/errors.js';
import { createJobRunner } from '../../src/server/jobs.js';
import { SIMULATION_ERRORS, SimulationError } from '../../src/simulate/index.js';
import { SOLVER_ERRORS, SolverError } from '../../src/solver/index.js';
import { run } from '../cli/run.js';

type Raise = (code: string, message: string) => Error;
const DOMAINS: [string, Record<string, string>, Raise][] = [
  ['solver', SOLVER_ERRORS, (c, m) => new SolverError(c as keyof typeof SOLVER_ERRORS, m)],
  ['simulate', SIMULATION_ERRORS, (c, m) => new SimulationError(c as keyof typeof SIMULATION_ERRORS, m)],
  ['coordinate', COORDINATE_ERRORS, (c, m) => new CoordinateError(c as keyof typeof COORDINATE_ERRORS, m)],
  ['monitor/spc', SPC_ERRORS, (c, m) => new SpcError(c as keyof typeof SPC_ERRORS, m)],
  ['risk', RISK_ERRORS, (c, m) => new RiskError(c as keyof typeof RISK_ERRORS, m)],
];
const CASES = DOMAINS.flatMap(([domain, codes, raise]) =>
  Object.keys(codes).map((code) => ({ domain, code, raise })),
);

describe('the error catalogue', () => {
  it('holds every domain code under its own name, and no HTTP-only code shadows one', () => {
    for (const { code } of CASES) expect(ERROR_CATALOGUE).toHaveProperty(code);
    const domainCodes = new Set(CASES.map((c) => c.code));
    expect(Object.keys(HTTP_ERRORS).filter((code) => domainCodes.has(code))).toEqual([]);
    expect(CASES.length).toBe(42); // 4 solver + 6 simulate + 17 coordinate + 11 SPC + 4 risk
  });

  it('gives every code a 4xx or 5xx status and a meaning', () => {
    for (const [code, { status, meaning }] of Object.entries(ERROR_CATALOGUE)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
      expect(meaning.length, code).toBeGreaterThan(10);
    }
  });
});

describe('a domain error through the HTTP handler', () => {
  const app = Fastify();
  installErrorHandler(app);
  app.get<{ Params: { index: string } }>('/raise/:index', async (request) => {
    const { code, raise } = CASES[Number(request.params.index)] ?? {};
    throw raise?.(code ?? '', `the ${code} message`) ?? new Error('no case');
  });
  app.get('/uncatalogued', async () => {
    throw new CodedError('NOT_A_PUBLIC_CODE', 'internal detail');
  });

  it.each(CASES.map((c, index) => ({ ...c, index })))(
    '$domain $code answers its catalogue status with the same code',
    async ({ code, index }) => {
      const response = await app.inject({ method: 'GET', url: `/raise/${index}` });
      expect(response.statusCode).toBe(ERROR_CATALOGUE[code as keyof typeof ERROR_CATALOGUE].status);
      expect(response.json()).toEqual({ code, message: `the ${code} message` });
    },
  );

  it('answers a coded error outside the catalogue as a 500 INTERNAL that leaks nothing', async () => {
    const response = await app.inject({ method: 'GET', url: '/uncatalogued' });
    expect(response.statusCode).toBe(500);
    const body = response.json<Record<string, string>>();
    expect(body['code']).toBe('INTERNAL');
    expect(JSON.stringify(body)).not.toContain('internal detail');
  });
});

describe('a domain error through the CLI top level', () => {
  it.each(CASES)('$domain $code prints `error $code: …` and exits 1', ({ code, raise }) => {
    let stderr = '';
    const exit = reportError(raise(code, 'why and how to fix'), { stderr: (t) => (stderr += t), env: {} });
    expect(exit).toBe(COMMON_EXIT_CODES.failed.code);
    expect(stderr).toBe(`error ${code}: why and how to fix\n`);
  });

  it('reports an uncoded error as INTERNAL, exit 70, without the message', () => {
    let stderr = '';
    const exit = reportError(new TypeError('x is undefined'), { stderr: (t) => (stderr += t), env: {} });
    expect(exit).toBe(70);
    expect(stderr).toMatch(/^error INTERNAL: an unexpected error occurred \(reference [0-9a-z]+\)/);
    expect(stderr).not.toContain('x is undefined');
  });

  it('reports a domain error a command raises with its own code (BAD_DATE from coordinate)', async () => {
    const result = await run(['projects', 'data/two-base', '--as-of', '2026-02-30']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("error BAD_DATE: '2026-02-30' is not a calendar date\n");
  });
});

describe('a domain error failing a job', () => {
  it('reports the domain code; anything else is JOB_FAILED', async () => {
    const jobs = createJobRunner({ clock: () => 0 });
    const coded = jobs.submit('plan', {}, () => Promise.reject(new SolverError('SOLVER_ABORTED', 'stop')));
    const plain = jobs.submit('plan', {}, () =>
      Promise.reject(Object.assign(new Error('db'), { code: 'SQLITE_BUSY' })),
    );
    await jobs.idle();
    expect(jobs.get(coded.id)?.error).toEqual({ code: 'SOLVER_ABORTED', message: 'stop' });
    expect(jobs.get(plain.id)?.error?.code).toBe('JOB_FAILED');
  });
});
