/**
 * No import cycle in src/ or web/src/ (issue 16): not at run time, and not through type-only imports
 * either, since a type loop is the same coupling; move the shared part to the lower file instead.
 */
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph, listSources, type ImportEdge } from './import-graph.js';

const root = process.cwd();
const graph = importGraph(root, listSources(root, ['src', 'web/src']));

describe('the import graph', () => {
  it('is read whole: every relative import resolves to a file', () => {
    expect(graph.size).toBeGreaterThan(100);
    // src/plan/plan.ts imports the formulation and the solver port at least
    expect((graph.get('src/plan/plan.ts') ?? []).map((e) => e.to)).toContain('src/plan/formulation/index.ts');
  });

  it('finds a planted cycle, through a re-export and a type-only import too', () => {
    const planted = new Map<string, ImportEdge[]>([
      ['a.ts', [{ to: 'b.ts', typeOnly: false }]],
      ['b.ts', [{ to: 'c.ts', typeOnly: true }]],
      ['c.ts', [{ to: 'a.ts', typeOnly: false }]],
      ['d.ts', [{ to: 'a.ts', typeOnly: false }]],
    ]);
    expect(findCycles(planted, { runtimeOnly: false })).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(findCycles(planted, { runtimeOnly: true })).toEqual([]);
  });

  it('has no cycle at run time', () => {
    expect(findCycles(graph, { runtimeOnly: true })).toEqual([]);
  });

  it('has no cycle through type-only imports either', () => {
    expect(findCycles(graph, { runtimeOnly: false })).toEqual([]);
  });
});
