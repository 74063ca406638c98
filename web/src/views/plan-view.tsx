/** The plan: costs by category, shortfalls, binding constraints and shadow prices; run one here with its progress. */
import { useMemo } from 'react';
import { Chart } from '../components/chart.js';
import type { EChartsCoreOption } from '../components/echarts.js';
import { Empty, Failure } from '../components/status.js';
import { DataTable } from '../components/data-table.js';
import type { PlanResult } from '../api/types.js';
import type { ViewContext } from '../context.js';
import { formatCompact, formatShare, formatTonnes, formatUsd } from '../lib/format.js';

export function PlanView({ context }: { context: ViewContext }) {
  const { plan, result, runPlan, state, modelId } = context;
  const running = plan?.job?.status === 'queued' || plan?.job?.status === 'running';
  return (
    <section aria-labelledby="plan-title">
      <div className="view-head">
        <h2 id="plan-title">Plan</h2>
        <div className="filters">
          <button type="button" onClick={runPlan} disabled={!modelId || running}>
            {running ? 'Planning…' : `Run plan (${state.scenario ?? 'baseline'})`}
          </button>
        </div>
      </div>
      {plan?.job && plan.job.progress.length > 0 && plan.job.status !== 'succeeded' ? (
        <ol className="progress" aria-label="Plan progress">
          {plan.job.progress.map((p, index) => (
            <li key={index}>
              {p.phase}
              {p.detail ? ` — ${p.detail}` : ''}
            </li>
          ))}
          {plan.progress && !plan.job.progress.includes(plan.progress) ? (
            <li>{plan.progress.phase}</li>
          ) : null}
        </ol>
      ) : null}
      {plan?.error ? <Failure what={`plan ${plan.id}`} error={plan.error} /> : null}
      {plan?.job?.status === 'failed' ? (
        <div className="state error" role="alert">
          <p className="state-title">The plan failed.</p>
          <p>{plan.job.error?.message ?? 'The server gave no reason.'}</p>
        </div>
      ) : null}
      {result ? (
        <PlanResultView result={result} />
      ) : !plan ? (
        <Empty title="No plan yet.">
          <p>
            Choose a scenario in the bar above (or keep the baseline) and run a plan: costs, shortfalls,
            binding constraints and shadow prices appear here.
          </p>
        </Empty>
      ) : null}
    </section>
  );
}

function PlanResultView({ result }: { result: PlanResult }) {
  const costs = useMemo(
    () =>
      Object.entries(result.costs)
        .filter(([category, value]) => category !== 'total' && Math.abs(value) > 0.5)
        .sort((a, b) => b[1] - a[1]),
    [result],
  );
  const costOption = useMemo<EChartsCoreOption>(
    () => ({
      grid: { left: 110, right: 40, top: 10, bottom: 30 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: number) => formatUsd(v),
      },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatUsd(v) } },
      yAxis: { type: 'category', inverse: true, data: costs.map(([c]) => c) },
      series: [
        {
          type: 'bar',
          name: 'cost',
          data: costs.map(([, v]) => ({ value: v, itemStyle: { color: v < 0 ? '#239b56' : '#2471a3' } })),
        },
      ],
    }),
    [costs],
  );
  const prices = useMemo(() => topShadowPrices(result), [result]);
  const unmet = result.shortfall.reduce((sum, row) => sum + row.tonnes, 0);
  return (
    <>
      <dl className="kpis">
        <div>
          <dt>Status</dt>
          <dd>{result.status}</dd>
        </div>
        <div>
          <dt>Total cost</dt>
          <dd>{formatUsd(result.costs.total)}</dd>
        </div>
        <div>
          <dt>Unmet demand</dt>
          <dd>{formatTonnes(unmet)}</dd>
        </div>
        <div>
          <dt>Binding constraints</dt>
          <dd>{result.binding.length}</dd>
        </div>
        <div>
          <dt>Scenario</dt>
          <dd>{result.scenario ?? 'baseline'}</dd>
        </div>
        <div>
          <dt>Solved in</dt>
          <dd>
            {(result.stats.buildSeconds + result.stats.solveSeconds + result.stats.assignSeconds).toFixed(1)}{' '}
            s
          </dd>
        </div>
      </dl>
      {result.diagnosis.length > 0 ? (
        <div className="state warn" role="note">
          <p className="state-title">Why demand is not met</p>
          <ul>
            {result.diagnosis.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="grid-2">
        <div className="panel">
          <h3>Costs by category</h3>
          <p className="caption">USD over the horizon; sales are revenue (negative cost).</p>
          <Chart
            name="costs"
            option={costOption}
            label={`Plan costs by category, total ${formatUsd(result.costs.total)}`}
            height={Math.max(180, 34 * costs.length + 50)}
          />
        </div>
        <div className="panel">
          <h3>Shortfalls</h3>
          {result.shortfall.length === 0 ? (
            <p className="caption">Every demand is met in every period.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Demand</th>
                  <th scope="col">Material</th>
                  <th scope="col" className="num">
                    Short
                  </th>
                  <th scope="col" className="num">
                    Share
                  </th>
                  <th scope="col" className="num">
                    Value
                  </th>
                </tr>
              </thead>
              <tbody>
                {result.shortfall.map((row) => (
                  <tr key={row.demand}>
                    <td>{row.demand}</td>
                    <td>{row.material}</td>
                    <td className="num">{formatTonnes(row.tonnes)}</td>
                    <td className="num">{formatShare(row.share)}</td>
                    <td className="num">{formatUsd(row.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
      <div className="grid-2">
        <div className="panel">
          <h3>Binding constraints</h3>
          {result.binding.length === 0 ? (
            <p className="caption">No constraint binds.</p>
          ) : (
            <DataTable
              title="Binding constraints"
              rows={[...result.binding].sort((a, b) => b.value - a.value)}
              limit={20}
              rowKey={(b) => `${b.kind}:${b.id}`}
              rowTitle={(b) => b.message}
              columns={[
                {
                  header: 'Constraint',
                  cell: (b) => (
                    <>
                      <span className="tag">{b.kind}</span> {b.id}
                    </>
                  ),
                  csv: (b) => `${b.kind} ${b.id}`,
                },
                {
                  header: 'Periods',
                  className: 'num',
                  cell: (b) => b.periods.length,
                  csv: (b) => b.periods.length,
                },
                {
                  header: 'Worth (USD/unit)',
                  className: 'num',
                  cell: (b) => formatCompact(b.value),
                  csv: (b) => b.value,
                },
              ]}
            />
          )}
        </div>
        <div className="panel">
          <h3>Shadow prices</h3>
          <p className="caption">
            The value of one more unit of each constraint's limit (largest over the horizon).
          </p>
          {prices.length === 0 ? (
            <p className="caption">All shadow prices are zero.</p>
          ) : (
            <DataTable
              title="Shadow prices"
              rows={prices}
              limit={20}
              rowKey={(p) => `${p.kind}:${p.id}`}
              columns={[
                {
                  header: 'Constraint',
                  cell: (p) => (
                    <>
                      <span className="tag">{p.kind}</span> {p.id}
                    </>
                  ),
                  csv: (p) => `${p.kind} ${p.id}`,
                },
                {
                  header: 'Largest',
                  className: 'num',
                  cell: (p) => formatCompact(p.value),
                  csv: (p) => p.value,
                },
                { header: 'Unit', cell: (p) => p.unit, csv: (p) => p.unit },
              ]}
            />
          )}
        </div>
      </div>
    </>
  );
}

/** Largest absolute dual per constraint (kind, id) over its periods, balances left out, largest first. */
function topShadowPrices(result: PlanResult): { kind: string; id: string; value: number; unit: string }[] {
  const best = new Map<string, { kind: string; id: string; value: number; unit: string }>();
  for (const dual of result.duals) {
    if (dual.kind === 'balance' || Math.abs(dual.value) < 1e-6) continue;
    const key = `${dual.kind}:${dual.id}`;
    const current = best.get(key);
    if (!current || Math.abs(dual.value) > Math.abs(current.value))
      best.set(key, { kind: dual.kind, id: dual.id, value: dual.value, unit: dual.unit });
  }
  return [...best.values()].sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
}
