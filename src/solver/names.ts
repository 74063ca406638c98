/**
 * How names appear in LP and MPS files: `indexed` (`c12`, `r3`) is compact and always valid, which
 * is what adapters use; `readable` keeps the caller's names, sanitised, for humans and other tools.
 */
export type NameStyle = 'indexed' | 'readable';

// Characters both the CPLEX LP grammar (as read by HiGHS, GLPK and CBC) and free MPS accept in a name.
// Kept deliberately narrower than the grammars allow: quotes, `/` and `;` confuse some readers.
const safeCharacter = /[A-Za-z0-9_.(),]/;
const bracketMap: Readonly<Record<string, string>> = { '[': '(', ']': ')', '<': '(', '>': ')' };
const maxNameLength = 255;

/** Maps one caller name to characters every LP/MPS reader accepts; `[a,b]` becomes `(a,b)`, others `_`. */
function sanitise(name: string): string {
  let out = '';
  for (const char of name) out += safeCharacter.test(char) ? char : (bracketMap[char] ?? '_');
  // A name must not start with a digit, a period or 'e'/'E' (LP readers take those for numbers).
  if (out.length === 0 || /^[0-9.eE]/.test(out)) out = `_${out}`;
  return out.length > maxNameLength ? out.slice(0, maxNameLength) : out;
}

/**
 * Gives every column or row a name that LP and MPS readers accept, deterministically and without
 * collisions, so files written twice from one problem are identical and names map back by index.
 *
 * @example toSolverNames(['flow[a,b]', 'flow a b'], 'c', 'readable') // ['flow(a,b)', 'flow_a_b']
 */
export function toSolverNames(names: readonly string[], prefix: 'c' | 'r', style: NameStyle): string[] {
  if (style === 'indexed') return names.map((_, index) => `${prefix}${index}`);
  const used = new Set<string>();
  return names.map((name, index) => {
    const base = sanitise(name);
    let safe = base;
    for (let attempt = 0; used.has(safe); attempt += 1) {
      const suffix = attempt === 0 ? `_${prefix}${index}` : `_${prefix}${index}_${attempt}`;
      safe = `${base.slice(0, maxNameLength - suffix.length)}${suffix}`;
    }
    used.add(safe);
    return safe;
  });
}

/** Parses an indexed solver name (`c12`) back to its index, or undefined for any other name. */
export function fromIndexedName(name: string, prefix: 'c' | 'r'): number | undefined {
  if (name.length < 2 || name[0] !== prefix) return undefined;
  const index = Number(name.slice(1));
  return Number.isInteger(index) && index >= 0 ? index : undefined;
}
