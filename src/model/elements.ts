/**
 * The 17 rare-earth elements: symbol, oxide formula and the REO→metal mass factor.
 *
 * Quantities in reeflow are tonnes of rare-earth-oxide equivalent (t REO), as the industry
 * reports them. `reoToMetal` converts: t metal = t REO × reoToMetal. It is computed here from
 * IUPAC standard atomic weights (2021) and the oxide formula, never typed in, e.g.
 * Nd2O3 → Nd: 2 × 144.242 / (2 × 144.242 + 3 × 15.999) = 0.8574.
 */

export const ELEMENT_SYMBOLS = [
  'Sc',
  'Y',
  'La',
  'Ce',
  'Pr',
  'Nd',
  'Pm',
  'Sm',
  'Eu',
  'Gd',
  'Tb',
  'Dy',
  'Ho',
  'Er',
  'Tm',
  'Yb',
  'Lu',
] as const;

/** A rare-earth element symbol. */
export type ElementSymbol = (typeof ELEMENT_SYMBOLS)[number];

/** Light (La–Eu) or heavy (Gd–Lu, Y, and Sc as China's 2025 export controls group it). */
export type ElementGroup = 'light' | 'heavy';

/** One rare-earth element with its oxide and conversion factors. */
export interface Element {
  symbol: ElementSymbol;
  name: string;
  atomicNumber: number;
  /** Standard atomic weight, g/mol (Pm: mass number of its longest-lived isotope, 145). */
  atomicWeight: number;
  /** The oxide the industry reports the element as, e.g. Pr6O11, CeO2, Tb4O7. */
  oxide: string;
  /** Metal atoms and oxygen atoms in the oxide formula. */
  oxideMetalAtoms: number;
  oxideOxygenAtoms: number;
  /** Molar mass of the oxide formula unit, g/mol. */
  oxideMolarMass: number;
  /** Mass of metal per mass of oxide (t metal per t REO). */
  reoToMetal: number;
  group: ElementGroup;
}

/** IUPAC standard atomic weight of oxygen, g/mol. */
export const OXYGEN_ATOMIC_WEIGHT = 15.999;

const RAW: readonly [ElementSymbol, string, number, number, number, number, ElementGroup][] = [
  // symbol, name, Z, atomic weight, metal atoms, oxygen atoms in the reported oxide, group
  ['Sc', 'Scandium', 21, 44.955907, 2, 3, 'heavy'],
  ['Y', 'Yttrium', 39, 88.905838, 2, 3, 'heavy'],
  ['La', 'Lanthanum', 57, 138.90547, 2, 3, 'light'],
  ['Ce', 'Cerium', 58, 140.116, 1, 2, 'light'],
  ['Pr', 'Praseodymium', 59, 140.90766, 6, 11, 'light'],
  ['Nd', 'Neodymium', 60, 144.242, 2, 3, 'light'],
  ['Pm', 'Promethium', 61, 145, 2, 3, 'light'],
  ['Sm', 'Samarium', 62, 150.36, 2, 3, 'light'],
  ['Eu', 'Europium', 63, 151.964, 2, 3, 'light'],
  ['Gd', 'Gadolinium', 64, 157.25, 2, 3, 'heavy'],
  ['Tb', 'Terbium', 65, 158.925354, 4, 7, 'heavy'],
  ['Dy', 'Dysprosium', 66, 162.5, 2, 3, 'heavy'],
  ['Ho', 'Holmium', 67, 164.930329, 2, 3, 'heavy'],
  ['Er', 'Erbium', 68, 167.259, 2, 3, 'heavy'],
  ['Tm', 'Thulium', 69, 168.934219, 2, 3, 'heavy'],
  ['Yb', 'Ytterbium', 70, 173.045, 2, 3, 'heavy'],
  ['Lu', 'Lutetium', 71, 174.9668, 2, 3, 'heavy'],
];

function oxideFormula(symbol: string, metalAtoms: number, oxygenAtoms: number): string {
  const count = (n: number): string => (n === 1 ? '' : String(n));
  return `${symbol}${count(metalAtoms)}O${count(oxygenAtoms)}`;
}

function toElement([
  symbol,
  name,
  atomicNumber,
  atomicWeight,
  metalAtoms,
  oxygenAtoms,
  group,
]: (typeof RAW)[number]): Element {
  const metalMass = metalAtoms * atomicWeight;
  const oxideMolarMass = metalMass + oxygenAtoms * OXYGEN_ATOMIC_WEIGHT;
  return {
    symbol,
    name,
    atomicNumber,
    atomicWeight,
    oxide: oxideFormula(symbol, metalAtoms, oxygenAtoms),
    oxideMetalAtoms: metalAtoms,
    oxideOxygenAtoms: oxygenAtoms,
    oxideMolarMass,
    reoToMetal: metalMass / oxideMolarMass,
    group,
  };
}

/** The element table, in atomic-number order within the usual Sc, Y, lanthanides listing. */
export const ELEMENTS: readonly Element[] = RAW.map(toElement);

const BY_SYMBOL = new Map<string, Element>(ELEMENTS.map((e) => [e.symbol, e]));

/** True when `value` is one of the 17 rare-earth element symbols (case-sensitive). */
export function isElementSymbol(value: unknown): value is ElementSymbol {
  return typeof value === 'string' && BY_SYMBOL.has(value);
}

/** The element with this symbol, e.g. `getElement('Nd').reoToMetal` → 0.857. */
export function getElement(symbol: ElementSymbol): Element {
  const element = BY_SYMBOL.get(symbol);
  if (!element) throw new RangeError(`unknown element symbol '${symbol}'`);
  return element;
}

/** Converts tonnes of oxide (REO) of an element to tonnes of metal. */
export function fromReoToMetal(symbol: ElementSymbol, tonnesReo: number): number {
  return tonnesReo * getElement(symbol).reoToMetal;
}

/** Converts tonnes of metal of an element to tonnes of oxide (REO). */
export function fromMetalToReo(symbol: ElementSymbol, tonnesMetal: number): number {
  return tonnesMetal / getElement(symbol).reoToMetal;
}

/** Named groups of elements users may write instead of listing symbols. */
export const ELEMENT_GROUPS: Readonly<Record<string, readonly ElementSymbol[]>> = {
  NdPr: ['Nd', 'Pr'],
  LREE: ELEMENTS.filter((e) => e.group === 'light').map((e) => e.symbol),
  HREE: ELEMENTS.filter((e) => e.group === 'heavy').map((e) => e.symbol),
  SEG: ['Sm', 'Eu', 'Gd'],
  DyTb: ['Dy', 'Tb'],
};
