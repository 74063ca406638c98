import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  COUNTRY_COLOURS,
  countryColour,
  toCountryColours,
  toCountryLegend,
} from '../../web/src/lib/colours.js';
import { sinkLabel, toElementSankey } from '../../web/src/lib/sankey.js';

interface Jurisdiction {
  id: string;
  name: string;
  parent?: string;
}

function topLevel(model: string): Jurisdiction[] {
  const text = readFileSync(new URL(`../../data/${model}/jurisdictions.yaml`, import.meta.url), 'utf8');
  const doc = parseYaml(text) as { jurisdictions: Jurisdiction[] };
  return doc.jurisdictions.filter((j) => j.parent === undefined);
}

describe('country colours', () => {
  it('keep a country its colour when another country is filtered out', () => {
    // The Sankey for Lu drops CN: Myanmar must not take China's colour, nor change its own.
    const all = toCountryColours(['CN', 'MM', 'JP', 'US']);
    const lu = toCountryColours(['MM', 'JP', 'US']);
    for (const country of ['MM', 'JP', 'US']) expect(lu.get(country)).toBe(all.get(country));
    expect(lu.get('MM')).not.toBe(all.get('CN'));
  });

  it('are the same in whatever list, order or model a country appears', () => {
    const lists = [['CN'], ['XR', 'CN', 'AU'], ['ZZ', 'CN', 'AA', 'BB'], ['CN', 'CN', 'EU']];
    for (const list of lists) expect(toCountryColours(list).get('CN')).toBe(countryColour('CN'));
    // Countries outside the table are hashed from their id alone.
    expect(toCountryColours(['QQ', 'AA']).get('QQ')).toBe(toCountryColours(['QQ', 'ZZ', 'CN']).get('QQ'));
    expect(countryColour('QQ')).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('are distinct for the countries of the bundled models, and come from the fixed table', () => {
    for (const model of ['world', 'two-base']) {
      const ids = topLevel(model).map((j) => j.id);
      for (const id of ids) expect(COUNTRY_COLOURS[id], id).toBeDefined();
      expect(new Set(ids.map(countryColour)).size).toBe(ids.length);
    }
  });

  it('label the legend with full names, XO and XR explained', () => {
    const legend = toCountryLegend(['XR', 'XO', 'CN', '', 'CN'], topLevel('world'));
    expect(legend.map((k) => [k.id, k.name])).toEqual([
      ['CN', 'China'],
      ['XO', 'Other countries (USGS "Other")'],
      ['XR', 'Rest of world (consumers)'],
    ]);
    expect(legend.map((k) => k.colour)).toEqual(['CN', 'XO', 'XR'].map(countryColour));
  });
});

describe('Sankey sink nodes', () => {
  it('read as what happens to the material', () => {
    expect(sinkLabel('sell')).toBe('sold outside the model');
    expect(sinkLabel('store')).toBe('stored outside the model');
    expect(sinkLabel('dispose')).toBe('disposed of');
    const sankey = toElementSankey({
      facilities: [{ id: 'S', country: 'CN', kind: 'producer', uses: { conc: 'separation' } }],
      contents: { oxide: { La: 1 } },
      production: [{ facility: 'S', stage: 'separation', material: 'oxide', period: 'p', tonnes: 5 }],
      flows: [],
      sinks: [{ node: 'S', material: 'oxide', kind: 'sell', period: 'p', tonnes: 5 }],
    });
    expect(sankey.nodes.map((n) => n.name)).toEqual(['separation · CN', 'sold outside the model']);
    expect(sankey.nodes.some((n) => n.name.includes('sink'))).toBe(false);
  });
});
