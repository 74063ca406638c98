/** A batch of replications: the unit of work for threads and job queues. */
import { createSimulator, type RunSummary, type SimulationSetup, type Simulator } from './simulate.js';

export interface Batch {
  first: number;
  count: number;
  seed: number;
}

/** Runs replications [first, first + count) of master seed `seed`. */
export function runBatch(simulator: Simulator, batch: Batch): RunSummary[] {
  const out: RunSummary[] = [];
  for (let run = batch.first; run < batch.first + batch.count; run++)
    out.push(simulator.run(run, batch.seed));
  return out;
}

/** Splits `runs` replications into batches of at most `size`. */
export function toBatches(runs: number, seed: number, size: number): Batch[] {
  const batches: Batch[] = [];
  for (let first = 0; first < runs; first += size)
    batches.push({ first, count: Math.min(size, runs - first), seed });
  return batches;
}

/** A simulator cache keyed by a setup key, for workers that serve many batches of few setups. */
export function createSimulatorCache(limit = 4): (key: string, setup: () => SimulationSetup) => Simulator {
  const cache = new Map<string, Simulator>();
  return (key, setup) => {
    let simulator = cache.get(key);
    if (!simulator) {
      const s = setup();
      simulator = createSimulator(s.model, s.options, s.plan);
      if (cache.size >= limit) cache.delete(cache.keys().next().value ?? '');
      cache.set(key, simulator);
    }
    return simulator;
  };
}
