/** "Did you mean…" for ids with typos. */

/**
 * Edit distance, case-insensitive: insertions, deletions, substitutions and swaps of two adjacent
 * letters each count 1 (optimal string alignment), so 'Qaud' is 1 from 'Quad'.
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        best = Math.min(best, (beforePrevious[j - 2] ?? 0) + 1);
      current[j] = best;
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[t.length] ?? 0;
}

/**
 * The closest candidate to `value` when it is close enough to be a typo (distance at most a third
 * of its length, at least 2; 1 for ids of up to 3 letters), else undefined. `suggest('baotou-sep', ['baotou-separation'])` finds
 * it as a completion.
 */
export function suggest(value: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = value.toLowerCase();
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    // A candidate that continues what was typed is a completion ('baotou-sep' → 'baotou-separation')
    // and ranks by the letters it adds; a shorter id the typo starts with ('oxide' for 'ox') ranks by
    // half the letters typed beyond it, so a real one-edit slip still wins ('ndfeb-magnet-hot' is
    // 'ndfeb-magnet-ht', not 'ndfeb-magnet'); anything else ranks by edit distance.
    const distance = c.startsWith(lower)
      ? (c.length - lower.length) * 0.1
      : Math.min(
          editDistance(value, candidate),
          lower.startsWith(c) ? (lower.length - c.length) * 0.5 : Infinity,
        );
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  // Two slips in a short id can turn it into any other short id ('XYZ' → 'MY'): allow one up to 3 letters.
  const allowed = value.length <= 3 ? 1 : Math.max(2, Math.floor(value.length / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** `did you mean 'x'?` or a list of what exists, for a fix-it message. */
export function toDidYouMean(value: string, candidates: readonly string[], noun: string): string {
  const best = suggest(value, candidates);
  if (best !== undefined) return `did you mean '${best}'?`;
  if (candidates.length === 0) return `the model has no ${noun} yet; add one first.`;
  const shown = candidates
    .slice(0, 8)
    .map((c) => `'${c}'`)
    .join(', ');
  return `known ${noun}: ${shown}${candidates.length > 8 ? `, … (${candidates.length} in all)` : ''}.`;
}
