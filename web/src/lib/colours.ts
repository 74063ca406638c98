/** Colours that stay the same for a country across the map, the Sankey and the charts. */

/**
 * A fixed colour for each country of the bundled models (data/world, data/two-base), chosen so
 * neighbours in the chain differ. A country's colour depends on its id alone, never on which other
 * countries a filtered view shows.
 */
export const COUNTRY_COLOURS: Readonly<Record<string, string>> = {
  CN: '#c0392b',
  AU: '#2471a3',
  US: '#1e8449',
  JP: '#d68910',
  EU: '#7d3c98',
  MM: '#17a589',
  MY: '#a04000',
  VN: '#2e4053',
  IN: '#d4ac0d',
  KR: '#e74c8c',
  BR: '#6c8e23',
  RU: '#0b5345',
  TH: '#2e86c1',
  MG: '#af601a',
  NG: '#48c9b0',
  LA: '#922b21',
  UK: '#1a5276',
  CA: '#f1948a',
  XO: '#a6acaf',
  XR: '#626567',
};

/** Colours for countries outside the table, picked by a hash of the id. */
const PALETTE: readonly string[] = Object.values(COUNTRY_COLOURS).filter(
  (c) => c !== '#a6acaf' && c !== '#626567',
);

/** Colour of nodes that belong to no country (sinks). */
export const NO_COUNTRY_COLOUR = '#7f8c8d';

/** The colour of a country: the fixed table, else an FNV-1a hash of the id into the palette. */
export function countryColour(country: string): string {
  const fixed = COUNTRY_COLOURS[country];
  if (fixed !== undefined) return fixed;
  if (country === '') return NO_COUNTRY_COLOUR;
  let hash = 0x811c9dc5;
  for (let i = 0; i < country.length; i += 1) {
    hash ^= country.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return PALETTE[hash % PALETTE.length] ?? NO_COUNTRY_COLOUR;
}

/** Country id → colour for the countries given; each colour is `countryColour(id)`, whatever the list. */
export function toCountryColours(countries: Iterable<string>): Map<string, string> {
  return new Map([...new Set(countries)].sort().map((country) => [country, countryColour(country)]));
}

/** Marker shapes by stage, so stages differ without relying on colour. */
export const STAGE_SYMBOLS: Readonly<Record<string, string>> = {
  mining: 'triangle',
  beneficiation: 'triangle',
  cracking: 'diamond',
  separation: 'diamond',
  metal: 'rect',
  alloy: 'rect',
  magnet: 'circle',
  component: 'roundRect',
  recycling: 'arrow',
  demand: 'pin',
  hub: 'roundRect',
  port: 'roundRect',
  storage: 'roundRect',
};

export interface CountryKey {
  id: string;
  name: string;
  colour: string;
}

/** Legend rows for the countries a view shows: code, full name from the model, colour; sorted by code. */
export function toCountryLegend(
  countries: Iterable<string>,
  jurisdictions: readonly { id: string; name: string }[],
): CountryKey[] {
  const names = new Map(jurisdictions.map((j) => [j.id, j.name]));
  return [...new Set(countries)]
    .filter((id) => id !== '')
    .sort()
    .map((id) => ({ id, name: names.get(id) ?? id, colour: countryColour(id) }));
}
