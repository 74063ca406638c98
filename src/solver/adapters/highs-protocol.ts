/** Messages between the HiGHS adapter and its worker thread; plain data and typed arrays only. */

/** The problem as HiGHS wants it: CSR arrays, no names (names cost memory and are not needed). */
export interface WorkerProblem {
  readonly sense: 'min' | 'max';
  readonly offset: number;
  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  readonly starts: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
  /** HiGHS variable types (0 continuous, 1 integer), or undefined for an LP. */
  readonly integrality?: Int32Array;
}

/** HiGHS option names and values, already translated from `SolveOptions`. */
export type WorkerOptions = Readonly<Record<string, string | number | boolean>>;

export interface SolveRequest {
  readonly id: number;
  readonly problem: WorkerProblem;
  readonly options: WorkerOptions;
  readonly wantProgress: boolean;
}

export interface WorkerResult {
  readonly modelStatus: number;
  /** True when HiGHS status 9 (infeasible or unbounded) was resolved by a second solve without presolve. */
  readonly resolvedWithoutPresolve: boolean;
  readonly hasSolution: boolean;
  readonly hasDuals: boolean;
  readonly objective: number;
  readonly colValue: Float64Array;
  readonly rowValue: Float64Array;
  readonly colDual: Float64Array;
  readonly rowDual: Float64Array;
  readonly mipGap?: number;
  readonly bestBound?: number;
}

export type WorkerMessage =
  | { readonly type: 'ready' }
  | {
      readonly type: 'progress';
      readonly id: number;
      readonly seconds: number;
      readonly objective?: number;
      readonly bound?: number;
      readonly mipGap?: number;
    }
  | { readonly type: 'result'; readonly id: number; readonly result: WorkerResult }
  | { readonly type: 'failed'; readonly id: number; readonly message: string; readonly fatal: boolean };
