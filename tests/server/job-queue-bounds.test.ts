/**
 * The bounded, fair job queue (issue 13, review D9): plans, simulations, sizings and allocations
 * wait under a global bound and a per-principal bound, past which the API answers 503
 * JOBS_QUEUE_FULL or 429 JOBS_TOO_MANY_QUEUED with Retry-After; and principals are served in turn,
 * so one caller's queue never holds another caller's single job back behind all of it. Jobs here
 * are promises the test resolves: nothing waits on time.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryTokenStore } from '../../src/server/auth.js';
import { ApiError } from '../../src/server/errors.js';
import { createJobRunner } from '../../src/server/jobs.js';
import type { Solver } from '../../src/solver/index.js';
import { run } from '../cli/run.js';
import { bodyOf, createTestApp, T0 } from './helpers.js';

const clock = (): number => T0;

/** A job function the test finishes by hand, and a record of the order jobs started in. */
function gates(started: string[]) {
  const open = new Map<string, () => void>();
  const run = (name: string) => () => {
    started.push(name);
    return new Promise<string>((resolve) => open.set(name, () => resolve(name)));
  };
  const finish = async (name: string): Promise<void> => {
    await until(
      () => open.has(name),
      () => `expected ${name} to be running; started so far: ${started.join(', ')}`,
    );
    open.get(name)?.();
    open.delete(name);
  };
  return { run, finish };
}

/**
 * Waits for a state of the in-process runner, which moves on in microtasks (after submit, after a job
 * ends): a bounded number of turns, then a failure that says what was expected.
 */
async function until(state: () => boolean, expected: () => string): Promise<void> {
  for (let turn = 0; turn < 1000; turn++) {
    if (state()) return;
    await Promise.resolve();
  }
  throw new Error(expected());
}

/** The error `fn` throws. */
function thrown(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a coded error');
}

describe('the job runner serves principals in turn', () => {
  it("runs B's single job second, not sixth, when A queued five before it", async () => {
    const started: string[] = [];
    const { run, finish } = gates(started);
    const jobs = createJobRunner({ clock });
    for (const n of [1, 2, 3, 4, 5]) jobs.submit('plan', n, run(`A${n}`), { owner: 'A' });
    jobs.submit('plan', 1, run('B1'), { owner: 'B' });
    for (const name of ['A1', 'B1', 'A2', 'A3', 'A4', 'A5']) await finish(name);
    await jobs.idle();
    expect(started).toEqual(['A1', 'B1', 'A2', 'A3', 'A4', 'A5']);
  });

  it('puts a newcomer next even when the busy principal’s first job is already running', async () => {
    const started: string[] = [];
    const { run, finish } = gates(started);
    const jobs = createJobRunner({ clock });
    for (const n of [1, 2, 3]) jobs.submit('plan', n, run(`A${n}`), { owner: 'A' });
    await until(
      () => started.length > 0,
      () => 'A1 to start',
    ); // A1 runs
    jobs.submit('plan', 1, run('B1'), { owner: 'B' });
    jobs.submit('plan', 1, run('C1'), { owner: 'C' });
    jobs.submit('plan', 2, run('B2'), { owner: 'B' });
    for (const name of ['A1', 'B1', 'C1', 'A2', 'B2', 'A3']) await finish(name);
    await jobs.idle();
    expect(started).toEqual(['A1', 'B1', 'C1', 'A2', 'B2', 'A3']);
  });

  it('keeps first-in, first-out order within one principal', async () => {
    const started: string[] = [];
    const { run, finish } = gates(started);
    const jobs = createJobRunner({ clock });
    for (const n of [1, 2, 3]) jobs.submit('plan', n, run(`A${n}`));
    for (const name of ['A1', 'A2', 'A3']) await finish(name);
    await jobs.idle();
    expect(started).toEqual(['A1', 'A2', 'A3']);
  });
});

describe('the job runner bounds its queue', () => {
  it('refuses a principal past its bound (429 JOBS_TOO_MANY_QUEUED) and everyone past the global bound (503 JOBS_QUEUE_FULL), with Retry-After', async () => {
    const started: string[] = [];
    const { run, finish } = gates(started);
    const jobs = createJobRunner({ clock, maxQueued: 3, maxQueuedPerOwner: 2 });
    jobs.submit('plan', 0, run('A0'), { owner: 'A' });
    await until(
      () => started.length > 0,
      () => 'A0 to start',
    ); // A0 runs: a running job does not count as queued
    jobs.submit('plan', 1, run('A1'), { owner: 'A' });
    jobs.submit('plan', 2, run('A2'), { owner: 'A' });
    const mine = thrown(() => jobs.submit('plan', 3, run('A3'), { owner: 'A' }));
    expect([mine.statusCode, mine.code]).toEqual([429, 'JOBS_TOO_MANY_QUEUED']);
    expect(mine.message).toMatch(
      /^2 of your jobs are queued already, the most one caller may have waiting; wait for one to start \(or cancel one\) and retry in about \d+ s$/,
    );
    expect(Number(mine.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    jobs.submit('plan', 1, run('B1'), { owner: 'B' });
    const full = thrown(() => jobs.submit('plan', 1, run('C1'), { owner: 'C' }));
    expect([full.statusCode, full.code]).toEqual([503, 'JOBS_QUEUE_FULL']);
    expect(full.message).toMatch(
      /^the job queue is full \(3 jobs waiting, this server's limit\); retry in about \d+ s$/,
    );
    expect(Number(full.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await finish('A0'); // B1 starts next (A has had its turn): a slot frees for C
    await until(
      () => started.includes('B1'),
      () => `B1 to start; started so far: ${started.join(', ')}`,
    );
    jobs.submit('plan', 1, run('C1'), { owner: 'C' });
    for (const name of ['B1', 'C1', 'A1', 'A2']) await finish(name);
    await jobs.idle();
    expect(started).toEqual(['A0', 'B1', 'C1', 'A1', 'A2']); // C, never served yet, goes before A's second turn
  });

  it('frees a place when a queued job is cancelled', async () => {
    const started: string[] = [];
    const { run, finish } = gates(started);
    const jobs = createJobRunner({ clock, maxQueued: 1 });
    jobs.submit('plan', 0, run('A0'), { owner: 'A' });
    await until(
      () => started.length > 0,
      () => 'A0 to start',
    );
    const queued = jobs.submit('plan', 1, run('A1'), { owner: 'A' });
    expect(thrown(() => jobs.submit('plan', 1, run('B1'), { owner: 'B' })).code).toBe('JOBS_QUEUE_FULL');
    jobs.cancel(queued.id);
    jobs.submit('plan', 1, run('B1'), { owner: 'B' });
    for (const name of ['A0', 'B1']) await finish(name);
    await jobs.idle();
    expect(started).toEqual(['A0', 'B1']);
  });
});

describe('POST job routes past the bounds', () => {
  let app: FastifyInstance | undefined;
  let release: (() => void) | undefined;
  afterEach(async () => {
    release?.();
    await app?.close();
  });

  it('answer 429 JOBS_TOO_MANY_QUEUED per caller and 503 JOBS_QUEUE_FULL for the server, with Retry-After, from the createApp options', async () => {
    // A solver that holds the first plan running until the test ends, so the others stay queued.
    let solving: () => void = () => undefined;
    const solveCalled = new Promise<void>((resolve) => (solving = resolve));
    const held = new Promise<never>((_resolve, reject) => (release = () => reject(new Error('released'))));
    held.catch(() => undefined);
    const solver = {
      name: 'held',
      capabilities: {},
      solve: () => (solving(), held),
      dispose: async () => undefined,
    } as unknown as Solver;
    const tokens = createMemoryTokenStore(
      ['ann', 'bob', 'cat'].map((id) => ({
        id,
        name: id,
        role: 'planner' as const,
        token: `token-${id}-0123456789abcdef`,
      })),
      clock,
    );
    const served = createTestApp({
      auth: { tokens },
      createSolver: () => solver,
      jobQueue: { maxQueued: 3, maxQueuedPerPrincipal: 2 },
    });
    app = served;
    await served.ready();
    const post = (who: string, url: string, payload: object) =>
      served.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer token-${who}-0123456789abcdef` },
        payload,
      });
    const plan = { model: 'binding-quota' };
    const first = await post('ann', '/v1/plans', plan);
    await solveCalled; // running: it no longer counts as queued
    const statuses = [
      first.statusCode,
      (await post('ann', '/v1/plans', plan)).statusCode,
      (await post('ann', '/v1/simulations', { model: 'binding-quota', runs: 1, days: 1 })).statusCode,
    ];
    const tooMany = await post('ann', '/v1/stockpile-sizing', {
      model: 'binding-quota',
      runs: 1,
      days: 1,
      material: 'ox',
      holder: 'JP',
      target: 0.5,
    });
    const sizing = bodyOf(tooMany);
    statuses.push((await post('bob', '/v1/plans', plan)).statusCode);
    const full = await post('cat', '/v1/allocations', { model: 'binding-quota' });
    expect(statuses).toEqual([202, 202, 202, 202]);
    expect([tooMany.statusCode, sizing['code'], Number(tooMany.headers['retry-after']) >= 1]).toEqual([
      429,
      'JOBS_TOO_MANY_QUEUED',
      true,
    ]);
    expect([full.statusCode, bodyOf(full)['code'], Number(full.headers['retry-after']) >= 1]).toEqual([
      503,
      'JOBS_QUEUE_FULL',
      true,
    ]);
  });
});

describe('reeflow serve --max-queued-jobs and --max-queued-jobs-per-user', () => {
  it('refuses a bound that is not a whole number ≥ 1 before starting anything', async () => {
    expect(await run(['serve', '--max-queued-jobs', '0'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("--max-queued-jobs expects a whole number ≥ 1; got '0'"),
    });
    expect(await run(['serve', '--max-queued-jobs-per-user', '2.5'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("--max-queued-jobs-per-user expects a whole number ≥ 1; got '2.5'"),
    });
  });

  it('lists both flags with their defaults in --help', async () => {
    const help = (await run(['serve', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain(
      '--max-queued-jobs <n> plans, simulations, sizings and allocations that may wait in all; past it 503 JOBS_QUEUE_FULL (default 100)',
    );
    expect(help).toContain(
      '--max-queued-jobs-per-user <n> jobs one token may have waiting; past it 429 JOBS_TOO_MANY_QUEUED (default 10)',
    );
  });
});
