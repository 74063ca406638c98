/** The country colour key shared by the map and the Sankey: swatch, code and full name. */
import type { CountryKey } from '../lib/colours.js';

const LIST_STYLE = {
  display: 'flex',
  flexWrap: 'wrap',
  gap: '0.2rem 0.9rem',
  listStyle: 'none',
  margin: '0.35rem 0',
  padding: 0,
  fontSize: '0.8rem',
} as const;

const SWATCH_STYLE = {
  display: 'inline-block',
  width: '0.75rem',
  height: '0.75rem',
  marginRight: '0.3rem',
  borderRadius: '2px',
  verticalAlign: '-0.1rem',
} as const;

export function CountryLegend({ keys }: { keys: readonly CountryKey[] }) {
  if (keys.length === 0) return null;
  return (
    <ul className="country-legend" aria-label="Country colours" style={LIST_STYLE}>
      {keys.map((key) => (
        <li key={key.id} title={key.name}>
          <span className="swatch" style={{ ...SWATCH_STYLE, background: key.colour }} aria-hidden="true" />
          <b>{key.id}</b> {key.name}
        </li>
      ))}
    </ul>
  );
}
