import { describe, expect, it } from 'vitest';
import { parseViewState, toSearch, withChanges } from '../../web/src/lib/url-state.js';

describe('view state in the URL', () => {
  it('reads every key and falls back to the map view', () => {
    expect(
      parseViewState(
        '?view=sankey&model=world&plan=plan-1&element=Nd&period=2026-03&compare=baseline,heavy-ban&runs=p-2,p-3&junk=1',
      ),
    ).toEqual({
      view: 'sankey',
      model: 'world',
      plan: 'plan-1',
      element: 'Nd',
      period: '2026-03',
      compare: ['baseline', 'heavy-ban'],
      runs: ['p-2', 'p-3'],
    });
    expect(parseViewState('?view=nonsense&model=')).toEqual({
      view: 'map',
      compare: [],
      runs: [],
    });
    expect(
      parseViewState(
        '?view=projects&allocation=allocation-1&simulation=simulation-2&sizing=stockpile-sizing-3&consumer=US&through=CN&demand=jp:Dy-metal&stockpile=jp-dy&curve=diversification-4',
      ),
    ).toEqual({
      view: 'projects',
      allocation: 'allocation-1',
      simulation: 'simulation-2',
      sizing: 'stockpile-sizing-3',
      consumer: 'US',
      through: 'CN',
      demand: 'jp:Dy-metal',
      stockpile: 'jp-dy',
      curve: 'diversification-4',
      compare: [],
      runs: [],
    });
  });

  it('writes a readable link that reads back the same', () => {
    const state = parseViewState('view=scenarios&scenario=heavy-ban&compare=baseline%2Cheavy-ban');
    const search = toSearch(state);
    expect(search).toBe('?view=scenarios&scenario=heavy-ban&compare=baseline,heavy-ban');
    expect(parseViewState(search)).toEqual(state);
    expect(toSearch(parseViewState(''))).toBe('');
  });

  it('removes keys set to undefined and empties lists', () => {
    const state = parseViewState('?view=plan&model=world&plan=p-1&compare=a,b&runs=x,y');
    expect(
      withChanges(state, { model: 'two-base', plan: undefined, compare: undefined, runs: undefined }),
    ).toEqual({ view: 'plan', model: 'two-base', compare: [], runs: [] });
    expect(toSearch(withChanges(state, { curve: 'diversification-8', through: 'CN' }))).toBe(
      '?view=plan&model=world&plan=p-1&through=CN&curve=diversification-8&compare=a,b&runs=x,y',
    );
    expect(withChanges(state, { view: undefined }).view).toBe('plan');
  });
});
