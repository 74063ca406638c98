// The piscina worker: builds the simulator once from workerData, then runs batches.
import { workerData } from 'piscina';
import { runBatch as runSimulatorBatch, type Batch } from './batch.js';
import { createSimulator, type RunSummary, type SimulationSetup } from './simulate.js';

const setup = workerData as SimulationSetup;
const simulator = createSimulator(setup.model, setup.options, setup.plan);

/** The task function piscina calls. */
export function runBatch(batch: Batch): RunSummary[] {
  return runSimulatorBatch(simulator, batch);
}
