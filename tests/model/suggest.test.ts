import { describe, expect, it } from 'vitest';
import { editDistance, suggest, toDidYouMean } from '../../src/model/suggest.js';

describe('did you mean', () => {
  it('counts single-character edits, ignoring case', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('ndfeb-magnet-hot', 'NDFEB-MAGNET-HT')).toBe(1);
    // Two letters swapped are one slip, not two.
    expect(editDistance('Qaud', 'Quad')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
  });

  it('prefers the id one edit away over a shorter id that the typo merely starts with (D14)', () => {
    // 'ndfeb-magnet-hot' is 1 edit from 'ndfeb-magnet-ht' but 4 from 'ndfeb-magnet'.
    expect(suggest('ndfeb-magnet-hot', ['ndfeb-magnet', 'ndfeb-magnet-ht', 'ndfeb-magnet-scrap'])).toBe(
      'ndfeb-magnet-ht',
    );
  });

  it('finds a short id the user wrote out in full', () => {
    expect(suggest('oxide', ['ox', 'metal'])).toBe('ox');
  });

  it('completes an id the user cut short', () => {
    expect(suggest('baotou-sep', ['baotou-hub', 'baotou-separation'])).toBe('baotou-separation');
  });

  it('takes the nearest id, and nothing when no id is close', () => {
    expect(suggest('heavyban', ['heavy-ban', 'export-control-2025-04'])).toBe('heavy-ban');
    expect(suggest('xyz', ['heavy-ban', 'export-control-2025-04'])).toBeUndefined();
    // Short ids: one slip only, so an unknown 'XYZ' is not 'MY', but 'CNN' is 'CN'.
    expect(suggest('XYZ', ['CN', 'MY', 'AU'])).toBeUndefined();
    expect(suggest('CNN', ['CN', 'MY', 'AU'])).toBe('CN');
    expect(suggest('Qaud', ['AU', 'Quad', 'MSP'])).toBe('Quad');
  });

  it('lists what exists when nothing is close', () => {
    expect(toDidYouMean('xyz', ['a-long-id', 'another-long-id'], 'scenarios')).toBe(
      "known scenarios: 'a-long-id', 'another-long-id'.",
    );
    expect(toDidYouMean('x', [], 'scenarios')).toBe('the model has no scenarios yet; add one first.');
  });
});
