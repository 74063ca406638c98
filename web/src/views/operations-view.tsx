/**
 * Operations: the live network from telemetry (refreshed by server-sent events), the alerts feed
 * with acknowledgement, the selected plan against what was measured, control charts of assays and
 * asset health (quality-panel.tsx), which light up when the server offers their routes.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, subscribe, toFailure, type ApiFailure } from '../api/client.js';
import type { Alert, LiveSnapshot } from '../api/types.js';
import { Chart } from '../components/chart.js';
import type { EChartsCoreOption } from '../components/echarts.js';
import { Empty, Failure, Loading } from '../components/status.js';
import { DataTable } from '../components/data-table.js';
import type { ViewContext } from '../context.js';
import { formatCompact, formatShare, formatTonnes } from '../lib/format.js';
import { useRefreshed, type PlanJobState } from '../hooks.js';
import { planToCompare, type PlanToCompare } from '../lib/operations.js';
import { PlaceholderView } from './placeholder-view.js';
import { AssetHealthPanel } from './asset-health-panel.js';
import { ControlChartPanel } from './quality-panel.js';

const time = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

export function OperationsView({ context }: { context: ViewContext }) {
  const { paths } = context;
  if (paths.length > 0 && !paths.some((path) => path.startsWith('/v1/live')))
    return <PlaceholderView view="operations" paths={paths} />;
  return <LiveOperations context={context} />;
}

function LiveOperations({ context }: { context: ViewContext }) {
  const [live, setLive] = useState<LiveSnapshot | undefined>();
  const [liveError, setLiveError] = useState<ApiFailure | undefined>();
  const [alertVersion, setAlertVersion] = useState(0);

  useEffect(() => {
    let open = true;
    api.getLive().then(
      (snapshot) => open && setLive(snapshot),
      (error: unknown) => open && setLiveError(toFailure(error)),
    );
    const stream = subscribe('/v1/live/events', {
      snapshot: (data) => {
        if (!open) return;
        setLive(data as LiveSnapshot);
        setLiveError(undefined);
      },
      alert: () => open && setAlertVersion((v) => v + 1),
    });
    return () => {
      open = false;
      stream.close();
    };
  }, []);

  if (liveError?.status === 503) {
    return (
      <section aria-labelledby="ops-title">
        <h2 id="ops-title">Operations</h2>
        <Empty title="Telemetry is not enabled on this server.">
          <p>{liveError.message}</p>
          <p>
            Start the server with a telemetry store (<code>reeflow serve</code> opens one by default) to see
            the live network and alerts.
          </p>
        </Empty>
      </section>
    );
  }
  return (
    <section aria-labelledby="ops-title">
      <div className="view-head">
        <h2 id="ops-title">Operations</h2>
      </div>
      {liveError ? <Failure what="the live state" error={liveError} /> : null}
      {!live && !liveError ? <Loading what="the live state" /> : null}
      {live ? <LiveSummary live={live} /> : null}
      <div className="grid-2">
        <AlertsFeed version={alertVersion} />
        {live ? <LiveTables live={live} /> : <div />}
      </div>
      <PlanVsActual plan={context.plan} version={live?.events ?? 0} />
      <ControlChartPanel paths={context.paths} live={live} />
      <AssetHealthPanel paths={context.paths} version={live?.events ?? 0} />
    </section>
  );
}

function LiveSummary({ live }: { live: LiveSnapshot }) {
  const last = live.lastSeen.reduce((max, seen) => Math.max(max, seen.time), 0);
  return (
    <dl className="kpis" data-testid="live-summary">
      <div>
        <dt>Events received</dt>
        <dd>{live.events}</dd>
      </div>
      <div>
        <dt>Latest event</dt>
        <dd>{last > 0 ? time(last) : 'none yet'}</dd>
      </div>
      <div>
        <dt>Inventories</dt>
        <dd>{live.inventories.length}</dd>
      </div>
      <div>
        <dt>Shipments in transit</dt>
        <dd>{live.inTransit.filter((s) => s.status === 'in-transit').length}</dd>
      </div>
      <div>
        <dt>Open maintenance</dt>
        <dd>{live.maintenance.filter((m) => m.end === undefined).length}</dd>
      </div>
    </dl>
  );
}

function LiveTables({ live }: { live: LiveSnapshot }) {
  if (live.events === 0) {
    return (
      <div className="panel">
        <h3>Live network</h3>
        <Empty title="No telemetry yet.">
          <p>
            Send production, inventory, shipment, assay or sensor events to <code>POST /v1/telemetry</code>{' '}
            (or over MQTT); the network state appears here as they arrive.
          </p>
        </Empty>
      </div>
    );
  }
  return (
    <div className="panel">
      <h3>Live network</h3>
      <DataTable
        title="Inventories"
        ariaLabel="Inventories"
        rows={live.inventories}
        limit={20}
        rowKey={(row) => `${row.facility}|${row.material}`}
        columns={[
          { header: 'Facility', cell: (row) => row.facility, csv: (row) => row.facility },
          { header: 'Material', cell: (row) => row.material, csv: (row) => row.material },
          {
            header: 'Inventory',
            className: 'num',
            cell: (row) => formatTonnes(row.tonnes),
            csv: (row) => row.tonnes,
          },
          { header: 'As of', cell: (row) => time(row.time), csv: (row) => new Date(row.time).toISOString() },
        ]}
      />
      {live.throughput.length > 0 ? (
        <DataTable
          title="Throughput"
          ariaLabel="Throughput"
          rows={live.throughput}
          limit={20}
          rowKey={(row) => `${row.process}|${row.material}`}
          columns={[
            { header: 'Process', cell: (row) => row.process, csv: (row) => row.process },
            { header: 'Material', cell: (row) => row.material, csv: (row) => row.material },
            {
              header: 't/day',
              className: 'num',
              cell: (row) => formatCompact(row.tonnesPerDay),
              csv: (row) => row.tonnesPerDay,
            },
          ]}
        />
      ) : null}
      {live.sensors.length > 0 ? (
        <DataTable
          title="Sensor readings"
          ariaLabel="Sensor readings"
          rows={live.sensors}
          limit={20}
          rowKey={(row) => `${row.facility}|${row.asset}|${row.tag}`}
          columns={[
            {
              header: 'Asset',
              cell: (row) => `${row.facility}/${row.asset}`,
              csv: (row) => `${row.facility}/${row.asset}`,
            },
            { header: 'Tag', cell: (row) => row.tag, csv: (row) => row.tag },
            {
              header: 'Value',
              className: 'num',
              cell: (row) => formatCompact(row.value),
              csv: (row) => row.value,
            },
            { header: 'Unit', cell: (row) => row.unit, csv: (row) => row.unit },
          ]}
        />
      ) : null}
    </div>
  );
}

function AlertsFeed({ version }: { version: number }) {
  const [alerts, setAlerts] = useState<Alert[] | undefined>();
  const [error, setError] = useState<ApiFailure | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const load = useCallback(() => {
    api.listAlerts().then(
      (list) => {
        setAlerts(list.alerts);
        setError(undefined);
      },
      (failure: unknown) => setError(toFailure(failure)),
    );
  }, []);
  useEffect(load, [load, version]);
  const acknowledge = (id: string): void => {
    setBusy(id);
    api
      .acknowledgeAlert(id)
      .then(load, (failure: unknown) => setError(toFailure(failure)))
      .finally(() => setBusy(undefined));
  };
  return (
    <div className="panel" aria-live="polite">
      <h3>Alerts</h3>
      {error ? <Failure what="the alerts" error={error} /> : null}
      {!alerts && !error ? <Loading what="the alerts" /> : null}
      {alerts && alerts.length === 0 ? (
        <p className="caption">No alerts. Rules raise them as telemetry arrives.</p>
      ) : null}
      {alerts && alerts.length > 0 ? (
        <ul className="alerts" data-testid="alerts">
          {alerts.map((alert) => (
            <li key={alert.id} className={`alert ${alert.severity} ${alert.status}`}>
              <span className="tag">{alert.severity}</span> <strong>{alert.subject}</strong>
              {alert.facility ? ` at ${alert.facility}` : ''} — {alert.message}
              <div className="alert-meta">
                {alert.status === 'open' ? 'open' : 'resolved'} since {time(alert.firstTime)}
                {alert.count > 1 ? ` · ${alert.count} signals` : ''}
                {alert.acknowledged ? ` · acknowledged by ${alert.acknowledged.by}` : ''}
                {alert.status === 'open' && !alert.acknowledged ? (
                  <button
                    type="button"
                    className="small"
                    onClick={() => acknowledge(alert.id)}
                    disabled={busy === alert.id}
                  >
                    Acknowledge
                  </button>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** What the panel says instead of a comparison while there is no finished plan to compare with. */
function waitingFor(compare: PlanToCompare): string | undefined {
  if (compare.state === 'none') return 'No finished plan to compare against yet; run one in Plan.';
  if (compare.state !== 'unfinished') return undefined;
  if (compare.status === 'queued' || compare.status === 'running')
    return `Plan ${compare.plan} is ${compare.status}; the comparison appears when it finishes.`;
  if (compare.status === 'missing')
    return `Plan ${compare.plan} is not on this server (plans live in its memory); run one in Plan to compare against.`;
  return `Plan ${compare.plan} ${compare.status === 'failed' ? 'failed' : 'was cancelled'}: nothing to compare against; run one in Plan.`;
}

function PlanVsActual({ plan, version }: { plan: PlanJobState | undefined; version: number }) {
  // Ask for the comparison only once a plan has finished (else the server answers 404, a console
  // error): the chosen plan is followed by the app; without one, the list of plans says whether any has.
  const { value: listed } = useRefreshed(plan ? undefined : () => api.listPlans(), [version]);
  const compare = planToCompare(
    plan && {
      id: plan.id,
      status: plan.job?.status,
      missing: plan.job === undefined && plan.error !== undefined,
    },
    listed?.plans,
  );
  const ready = compare.state === 'ready';
  const { value: rows, error } = useRefreshed(ready ? () => api.planVsActual(compare.plan) : undefined, [
    ready && compare.plan,
    version,
  ]);
  const waiting = waitingFor(compare);
  // Lines with a measurement first (largest deviation first), then planned lines nothing was measured for.
  const measured = useMemo(
    () =>
      (rows?.rows ?? [])
        .filter((row) => row.actual !== 0 || row.expected !== 0)
        .sort(
          (a, b) =>
            Number(b.actual !== 0) - Number(a.actual !== 0) || Math.abs(b.deviation) - Math.abs(a.deviation),
        ),
    [rows],
  );
  const option = useMemo<EChartsCoreOption>(() => {
    const top = measured.filter((row) => row.actual !== 0).slice(0, 12);
    return {
      grid: { left: 160, right: 20, top: 30, bottom: 30 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', name: 't' },
      yAxis: {
        type: 'category',
        inverse: true,
        data: top.map((row) => `${row.facility} ${row.item} ${row.period}`),
      },
      series: [
        {
          type: 'bar',
          name: 'expected by now',
          data: top.map((row) => row.expected),
          itemStyle: { color: '#aab7b8' },
        },
        { type: 'bar', name: 'actual', data: top.map((row) => row.actual), itemStyle: { color: '#2471a3' } },
      ],
    };
  }, [measured]);
  return (
    <div className="panel">
      <h3>Plan against actual</h3>
      {waiting ? (
        <p className="caption" data-testid="plan-vs-actual-waiting">
          {waiting}
        </p>
      ) : null}
      {ready && error ? <Failure what="plan against actual" error={error} /> : null}
      {ready && rows && measured.every((row) => row.actual === 0) ? (
        <p className="caption">Plan {rows.plan}: no measured quantity matches the plan's facilities yet.</p>
      ) : null}
      {ready && rows && measured.some((row) => row.actual !== 0) ? (
        <>
          <p className="caption">
            Plan {rows.plan}: the largest deviations between the quantity expected by now and the quantity
            measured ({measured.filter((r) => r.actual !== 0).length} measured lines).
          </p>
          <Chart
            name="plan-vs-actual"
            option={option}
            label="Expected against measured quantities for the largest deviations"
            height={320}
          />
          <DataTable
            title="Plan against actual"
            rows={measured}
            limit={15}
            rowKey={(row) => `${row.facility}|${row.measure}|${row.item}|${row.period}`}
            columns={[
              { header: 'Facility', cell: (row) => row.facility, csv: (row) => row.facility },
              { header: 'Measure', cell: (row) => row.measure, csv: (row) => row.measure },
              { header: 'Item', cell: (row) => row.item, csv: (row) => row.item },
              { header: 'Period', cell: (row) => row.period, csv: (row) => row.period },
              {
                header: 'Expected',
                className: 'num',
                cell: (row) => formatTonnes(row.expected),
                csv: (row) => row.expected,
              },
              {
                header: 'Actual',
                className: 'num',
                cell: (row) => formatTonnes(row.actual),
                csv: (row) => row.actual,
              },
              {
                header: 'Deviation',
                className: 'num',
                cell: (row) =>
                  row.deviationShare === null ? formatTonnes(row.deviation) : formatShare(row.deviationShare),
                csv: (row) => row.deviation,
              },
            ]}
          />
        </>
      ) : null}
    </div>
  );
}
