/** The operations view's asset health panel: anomaly scores and remaining useful life per asset. */
import { useEffect, useMemo, useState } from 'react';
import { api, toFailure, type ApiFailure } from '../api/client.js';
import type { AssetHealthAnswer } from '../api/types.js';
import { Chart } from '../components/chart.js';
import type { EChartsCoreOption } from '../components/echarts.js';
import { Empty, Failure } from '../components/status.js';
import { DataTable } from '../components/data-table.js';
import { offers } from '../hooks.js';
import { formatCompact } from '../lib/format.js';
import { toRulBands } from '../lib/operations.js';

/** An epoch-ms time as `YYYY-MM-DD HH:MM UTC`. */
const time = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

export function AssetHealthPanel({ paths, version }: { paths: readonly string[]; version: number }) {
  const [assets, setAssets] = useState<AssetHealthAnswer[] | undefined>();
  const [error, setError] = useState<ApiFailure | undefined>();
  const available = paths.length === 0 || offers(paths, '/v1/assets');
  useEffect(() => {
    if (!available) return undefined;
    let open = true;
    api.listAssets().then(
      (answer) => {
        if (!open) return;
        setAssets(answer.assets);
        setError(undefined);
      },
      (failure: unknown) => open && setError(toFailure(failure)),
    );
    return () => {
      open = false;
    };
  }, [available, version]);
  const bands = useMemo(() => toRulBands(assets ?? []), [assets]);
  if (!available) {
    return (
      <div className="panel">
        <h3>Asset health</h3>
        <Empty title="Asset health is not available on this server yet.">
          <p>
            Anomaly scores and remaining useful life of each asset appear here once the server offers{' '}
            <code>/v1/assets</code>.
          </p>
        </Empty>
      </div>
    );
  }
  const sorted = [...(assets ?? [])].sort((a, b) => b.score - a.score || a.asset.localeCompare(b.asset));
  const longest = Math.max(1, ...bands.map((b) => b.upper ?? b.estimate * 2));
  const scoreOption: EChartsCoreOption = {
    grid: { left: 170, right: 20, top: 20, bottom: 30 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', min: 0, max: 1, name: 'anomaly score' },
    yAxis: {
      type: 'category',
      inverse: true,
      data: sorted.slice(0, 15).map((a) => `${a.facility}/${a.asset}`),
    },
    series: [
      {
        type: 'bar',
        name: 'anomaly score',
        data: sorted
          .slice(0, 15)
          .map((a) => ({ value: a.score, itemStyle: { color: a.anomalous ? '#c0392b' : '#5d6d7e' } })),
      },
    ],
  };
  const rulOption: EChartsCoreOption = {
    grid: { left: 170, right: 20, top: 30, bottom: 30 },
    legend: { top: 0, data: ['RUL band', 'estimate'] },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: number) => `${formatCompact(v)} days`,
    },
    xAxis: { type: 'value', name: 'days', min: 0, max: Math.ceil(longest * 1.1) },
    yAxis: { type: 'category', inverse: true, data: bands.map((b) => `${b.asset} (${b.tag})`) },
    series: [
      {
        type: 'bar',
        name: 'floor',
        stack: 'rul',
        data: bands.map((b) => b.lower),
        itemStyle: { opacity: 0 },
        tooltip: { show: false },
      },
      {
        type: 'bar',
        name: 'RUL band',
        stack: 'rul',
        data: bands.map((b) => (b.upper ?? longest * 1.1) - b.lower),
        itemStyle: { color: '#f5b041' },
      },
      {
        type: 'scatter',
        name: 'estimate',
        data: bands.map((b, i) => [b.estimate, i]),
        symbol: 'diamond',
        symbolSize: 12,
        itemStyle: { color: '#17202a' },
      },
    ],
  };
  return (
    <div className="panel" data-testid="asset-health">
      <h3>Asset health</h3>
      {error ? <Failure what="asset health" error={error} /> : null}
      {assets && assets.length === 0 ? (
        <p className="caption">No sensor readings yet. Assets appear as their sensor events arrive.</p>
      ) : null}
      {assets && assets.length > 0 ? (
        <>
          <div className="grid-2">
            <div>
              <p className="caption">Anomaly score of each asset (its most unusual tag; red: anomalous).</p>
              <Chart
                name="asset-scores"
                option={scoreOption}
                label="Anomaly score of each asset"
                height={Math.max(160, 50 + sorted.slice(0, 15).length * 28)}
              />
            </div>
            <div>
              <p className="caption">
                Remaining useful life where a maintenance rule gives the tag a failure limit: the band and the
                estimate.
              </p>
              {bands.length > 0 ? (
                <Chart
                  name="asset-rul"
                  option={rulOption}
                  label="Remaining useful life of each asset with its band"
                  height={Math.max(160, 60 + bands.length * 30)}
                />
              ) : (
                <Empty title="No remaining-life estimate yet.">
                  <p>
                    It needs a failure limit for the tag (a maintenance rule with <code>predict</code>) and a
                    trend towards it.
                  </p>
                </Empty>
              )}
            </div>
          </div>
          <DataTable
            title="Asset health"
            ariaLabel="Asset health"
            rows={sorted}
            limit={20}
            rowKey={(a) => `${a.facility}/${a.asset}`}
            columns={[
              {
                header: 'Asset',
                cell: (a) => (
                  <>
                    {a.facility}/{a.asset}
                    {a.anomalous ? <span className="error-text"> (anomalous)</span> : null}
                  </>
                ),
                csv: (a) => `${a.facility}/${a.asset}${a.anomalous ? ' (anomalous)' : ''}`,
              },
              {
                header: 'Anomaly score',
                className: 'num',
                cell: (a) => a.score.toFixed(2),
                csv: (a) => a.score,
              },
              { header: 'Trend', cell: (a) => a.trend, csv: (a) => a.trend },
              {
                header: 'Remaining life (days)',
                className: 'num',
                cell: (a) =>
                  a.rul
                    ? `${formatCompact(a.rul.hours / 24)} (${formatCompact(a.rul.lower / 24)}–${a.rul.upper === null ? '∞' : formatCompact(a.rul.upper / 24)})`
                    : '–',
                csv: (a) => (a.rul ? a.rul.hours / 24 : null),
              },
              {
                header: 'Last reading',
                cell: (a) => time(a.lastTime),
                csv: (a) => new Date(a.lastTime).toISOString(),
              },
            ]}
          />
        </>
      ) : null}
    </div>
  );
}
