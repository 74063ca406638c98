import { describe, expect, it } from 'vitest';
import { runMonteCarlo } from '../../src/simulate/index.js';
import { chainModel } from './helpers.js';

describe('cancelling a Monte Carlo run', () => {
  it('stops before the next batch once the signal aborts (SIM_CANCELLED), having run only the first batch', async () => {
    const controller = new AbortController();
    let done = 0;
    const running = runMonteCarlo(
      { model: chainModel(), options: { days: 30, allocation: 'pro-rata' } },
      {
        runs: 1000,
        seed: 1,
        batchSize: 10,
        signal: controller.signal,
        onProgress: (n) => ((done = n), controller.abort()),
      },
    );
    await expect(running).rejects.toMatchObject({ code: 'SIM_CANCELLED' });
    expect(done).toBe(10);
  });
});
