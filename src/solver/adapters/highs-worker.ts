// The worker thread that owns one HiGHS WebAssembly instance, so a long solve never blocks the
// caller's event loop. One solve at a time; after a WebAssembly abort (out of memory) the instance
// is unusable, so the worker reports the failure and exits, and the adapter starts a fresh one.
import { parentPort } from 'node:worker_threads';
import highsModule, {
  type CallbackType,
  type Highs,
  type HighsCallbackMap,
  type Model,
  type ModelData,
} from 'highs';
import type { SolveRequest, WorkerMessage, WorkerResult } from './highs-protocol.js';

if (parentPort === null) throw new Error('highs-worker must run in a worker thread');
const port = parentPort;

// highs ships CommonJS-style types, so TypeScript sees the loader as `.default`; at run time the
// ESM build exports the function itself and the CommonJS build (under tsx) is wrapped by interop.
const loadHighs = ((highsModule as unknown as { default?: unknown }).default ??
  highsModule) as typeof highsModule.default;

function post(message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

// No top-level await: from TypeScript sources this file is loaded through a CommonJS require hook.
void loadHighs().then(serve, (error: unknown) => {
  post({
    type: 'failed',
    id: 0,
    message: `could not load HiGHS: ${error instanceof Error ? error.message : String(error)}`,
    fatal: true,
  });
  process.exit(1);
});

function serve(highs: Highs): void {
  const { modelStatus: status, objectiveSense, solutionStatus } = highs.constants;

  function toModelData(request: SolveRequest): ModelData {
    const p = request.problem;
    const numCols = p.colCost.length;
    const numRows = p.rowLower.length;
    return {
      numCols,
      numRows,
      sense: p.sense === 'max' ? objectiveSense.maximize : objectiveSense.minimize,
      offset: p.offset,
      colCost: p.colCost,
      colLower: p.colLower,
      colUpper: p.colUpper,
      rowLower: p.rowLower,
      rowUpper: p.rowUpper,
      matrix: { format: 'csr', numRows, numCols, starts: p.starts, indices: p.indices, values: p.values },
      ...(p.integrality === undefined ? {} : { integrality: p.integrality }),
    };
  }

  function progressCallbacks(id: number): HighsCallbackMap {
    let lastPosted = -Infinity;
    const mipLogging: CallbackType = highs.constants.callbackType.mipLogging;
    return {
      [mipLogging]: (event) => {
        const seconds = event.data.running_time ?? 0;
        if (seconds - lastPosted < 0.5) return undefined;
        lastPosted = seconds;
        const { mip_primal_bound: objective, mip_dual_bound: bound, mip_gap: mipGap } = event.data;
        post({
          type: 'progress',
          id,
          seconds,
          ...(objective !== undefined && Number.isFinite(objective) ? { objective } : {}),
          ...(bound !== undefined && Number.isFinite(bound) ? { bound } : {}),
          ...(mipGap !== undefined && Number.isFinite(mipGap) ? { mipGap } : {}),
        });
        return undefined;
      },
    };
  }

  function readResult(model: Model, isMip: boolean, resolvedWithoutPresolve: boolean): WorkerResult {
    const modelStatus = model.getModelStatus();
    const primal = Number(model.info.get('primal_solution_status'));
    const dual = Number(model.info.get('dual_solution_status'));
    const hasSolution =
      primal === solutionStatus.feasible &&
      (modelStatus === status.optimal ||
        modelStatus === status.timeLimit ||
        modelStatus === status.interrupted ||
        modelStatus === status.iterationLimit ||
        modelStatus === status.solutionLimit);
    const solution = model.getSolution();
    const result: WorkerResult = {
      modelStatus,
      resolvedWithoutPresolve,
      hasSolution,
      hasDuals: !isMip && dual === solutionStatus.feasible && modelStatus === status.optimal,
      objective: hasSolution ? model.getObjectiveValue() : Number.NaN,
      colValue: solution.colValue,
      rowValue: solution.rowValue,
      colDual: solution.colDual,
      rowDual: solution.rowDual,
    };
    if (!isMip) return result;
    return {
      ...result,
      mipGap: Number(model.info.get('mip_gap')),
      bestBound: Number(model.info.get('mip_dual_bound')),
    };
  }

  function solve(request: SolveRequest): WorkerResult {
    const model = highs.createModel(toModelData(request));
    try {
      model.options.set({ output_flag: false, ...request.options });
      const callbacks =
        request.wantProgress && request.problem.integrality !== undefined
          ? progressCallbacks(request.id)
          : undefined;
      model.run(callbacks);
      const isMip = request.problem.integrality !== undefined;
      // With presolve on, HiGHS may only know "infeasible or unbounded"; without it, it tells which.
      if (model.getModelStatus() === status.unboundedOrInfeasible && request.options['presolve'] !== 'off') {
        model.options.set({ presolve: 'off' });
        model.clearSolver();
        model.run();
        return readResult(model, isMip, true);
      }
      return readResult(model, isMip, false);
    } finally {
      model.dispose();
    }
  }

  port.on('message', (request: SolveRequest) => {
    try {
      const result = solve(request);
      const transfer = [
        result.colValue.buffer,
        result.rowValue.buffer,
        result.colDual.buffer,
        result.rowDual.buffer,
      ].filter(
        (buffer, index, all): buffer is ArrayBuffer =>
          buffer instanceof ArrayBuffer && all.indexOf(buffer) === index,
      );
      post({ type: 'result', id: request.id, result }, transfer);
    } catch (error) {
      // A WebAssembly.RuntimeError (abort, out of memory, out-of-bounds) leaves the instance corrupt.
      const fatal =
        (error instanceof Error && error.name === 'RuntimeError') ||
        (error instanceof Error && /abort|out of memory|memory access/i.test(error.message));
      const message = error instanceof Error ? error.message : String(error);
      post({ type: 'failed', id: request.id, message, fatal });
      if (fatal) process.exit(1);
    }
  });

  post({ type: 'ready' });
}
