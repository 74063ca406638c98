/** The element and period filters shared by the map and the Sankey; their values live in the URL. */
import { ELEMENT_GROUPS, ELEMENT_SYMBOLS } from '../../../src/contract/index.js';

const GROUPS = Object.keys(ELEMENT_GROUPS);

export function ElementFilter({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}) {
  return (
    <label className="field">
      Element
      <select
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
      >
        <option value="">All (total REO)</option>
        <optgroup label="Groups">
          {GROUPS.map((group) => (
            <option key={group} value={group}>
              {group}
            </option>
          ))}
        </optgroup>
        <optgroup label="Elements">
          {ELEMENT_SYMBOLS.map((symbol) => (
            <option key={symbol} value={symbol}>
              {symbol}
            </option>
          ))}
        </optgroup>
      </select>
    </label>
  );
}

export function PeriodFilter({
  periods,
  value,
  onChange,
}: {
  periods: readonly string[];
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}) {
  return (
    <label className="field">
      Period
      <select
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
        disabled={periods.length === 0}
      >
        <option value="">Whole horizon</option>
        {periods.map((period) => (
          <option key={period} value={period}>
            {period}
          </option>
        ))}
      </select>
    </label>
  );
}
