/** Colours that stay the same for a country across the map, the Sankey and the charts. */

const PALETTE = [
  '#c0392b',
  '#2471a3',
  '#239b56',
  '#d68910',
  '#7d3c98',
  '#17a589',
  '#a04000',
  '#2e4053',
  '#d4ac0d',
  '#1abc9c',
  '#884ea0',
  '#5d6d7e',
  '#cb4335',
  '#2e86c1',
  '#28b463',
  '#af601a',
];

/** Country id → colour, assigned in sorted order so a model always colours the same way. */
export function toCountryColours(countries: Iterable<string>): Map<string, string> {
  const sorted = [...new Set(countries)].sort();
  return new Map(sorted.map((country, index) => [country, PALETTE[index % PALETTE.length] ?? '#555']));
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
