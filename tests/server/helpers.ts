import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createApp, type AppOptions } from '../../src/server/app.js';
import { BUNDLED_DATA_DIR, createModelRegistry, type ModelPath } from '../../src/server/models.js';
import { createSolver } from '../../src/solver/index.js';

/** Two bundled examples: binding-quota (optimum 120,000) and export-ban-reroute (one scenario, no-ban). */
export const EXAMPLE_MODELS: ModelPath[] = [
  { id: 'binding-quota', path: join(BUNDLED_DATA_DIR, 'examples', 'binding-quota'), source: 'bundled' },
  {
    id: 'export-ban-reroute',
    path: join(BUNDLED_DATA_DIR, 'examples', 'export-ban-reroute'),
    source: 'bundled',
  },
];

/** 2026-01-01T00:00:00Z, moved on by hand in rate-limit tests. */
export const T0 = Date.UTC(2026, 0, 1);

/** An app over the two examples with a fixed clock, no rate limit and silent logs; `overrides` win. */
export function createTestApp(overrides: Partial<AppOptions> = {}): FastifyInstance {
  return createApp({
    models: createModelRegistry(EXAMPLE_MODELS, { defaultId: 'binding-quota' }),
    createSolver: () => createSolver('highs'),
    clock: () => T0,
    rateLimit: false,
    ...overrides,
  });
}

/** The JSON body of an inject response. */
export const bodyOf = (response: { body: string }): Record<string, unknown> =>
  JSON.parse(response.body) as Record<string, unknown>;

/** Polls a job at `url` until it has finished (the runner is in-process, so this is quick). */
export async function finishedJob(app: FastifyInstance, url: string): Promise<Record<string, unknown>> {
  for (;;) {
    const body = bodyOf(await app.inject({ method: 'GET', url }));
    if (['succeeded', 'failed', 'cancelled'].includes(String(body['status']))) return body;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Parses a server-sent-events body into its events. */
export function toEvents(text: string): { event: string; data: Record<string, unknown> }[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.includes('event:'))
    .map((frame) => {
      const field = (name: string): string =>
        frame
          .split('\n')
          .find((line) => line.startsWith(`${name}: `))
          ?.slice(name.length + 2) ?? '';
      return { event: field('event'), data: JSON.parse(field('data')) as Record<string, unknown> };
    });
}
