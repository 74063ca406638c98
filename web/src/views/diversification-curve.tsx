/**
 * The cost of diversification for the risk panel's consumer: the server re-plans with a
 * tightening cap on the share of the consumer's supply of the chosen elements coming directly from
 * the chosen country (POST /v1/risk/diversification, a job, progress in caps planned); then the
 * curve (supply cost against the cap, from zero), the table and the server's notes on reading it.
 */
import { useMemo, useState } from 'react';
import { api } from '../api/client.js';
import type { DiversificationJob, DiversificationMetric } from '../api/types.js';
import { Chart } from '../components/chart.js';
import { Choice } from '../components/choice.js';
import type { EChartsCoreOption } from '../components/echarts.js';
import { JobLine } from '../components/job-line.js';
import { Empty, Failure } from '../components/status.js';
import type { ViewContext } from '../context.js';
import { offers, useJob, useJobStart } from '../hooks.js';
import {
  CURVE_ELEMENTS,
  DEFAULT_CAPS,
  curveCaption,
  formatCap,
  toCurvePoints,
  toCurveRow,
} from '../lib/diversification.js';
import { formatTonnes, formatUsd } from '../lib/format.js';

interface CurveProps {
  context: ViewContext;
  consumer: string;
  through: string;
}

export function DiversificationCurve(props: CurveProps) {
  const { paths } = props.context;
  if (paths.length > 0 && !offers(paths, '/v1/risk/diversification')) {
    return (
      <div className="panel" data-testid="diversification">
        <h3>Cost of diversification</h3>
        <Empty title="The cost of diversification is not available on this server yet.">
          <p>
            It appears here once the server offers <code>POST /v1/risk/diversification</code>; meanwhile{' '}
            <code>reeflow risk --metric diversification</code> computes it.
          </p>
        </Empty>
      </div>
    );
  }
  return <Curve {...props} />;
}

function Curve({ context, consumer, through }: CurveProps) {
  const { state, navigate, modelId } = context;
  const [elements, setElements] = useState<string>(CURVE_ELEMENTS[0]);
  const job = useJob<DiversificationJob>(state.curve, api.getDiversification, (j) => j.links.events);
  const launch = useJobStart(
    modelId && consumer !== '' && through !== ''
      ? () =>
          api.startDiversification({
            model: modelId,
            ...(state.scenario ? { scenario: state.scenario } : {}),
            consumer,
            through,
            elements: [elements],
          })
      : undefined,
    (id) => navigate({ curve: id }),
  );
  const running = launch.starting || job.job?.status === 'queued' || job.job?.status === 'running';
  const result = job.job?.status === 'succeeded' ? job.job.result : undefined;
  return (
    <div className="panel" data-testid="diversification">
      <div className="view-head">
        <h3>
          Cost of diversification: {consumer}'s supply from {through}
        </h3>
        <form className="filters" aria-label="Cost of diversification" onSubmit={launch.submit}>
          <Choice label="Elements" value={elements} options={CURVE_ELEMENTS} onChange={setElements} />
          <button type="submit" disabled={!modelId || running || consumer === ''}>
            {running
              ? 'Planning the curve…'
              : `Trace the curve (${DEFAULT_CAPS.length} plans, ${state.scenario ?? 'baseline'})`}
          </button>
        </form>
      </div>
      {launch.error ? <Failure what="the curve" error={launch.error} /> : null}
      {job.error ? (
        <Failure what={`curve ${state.curve ?? ''}`} error={job.error}>
          {job.error.status === 404 ? <p>Curves live in the server's memory; trace it again.</p> : null}
        </Failure>
      ) : null}
      <JobLine
        noun="cost-of-diversification curve"
        job={job.job}
        progress={job.progress}
        testId="diversification-status"
      >
        {job.job?.input.consumer}'s {job.job?.input.elements.join(', ')} supply from {job.job?.input.through}.
      </JobLine>
      {result && job.job ? (
        <CurveResult metric={result} input={job.job.input} />
      ) : state.curve === undefined ? (
        <p className="caption">
          How much more {consumer}'s supply costs as less of it may come directly from {through}: the server
          re-plans the model once per cap ({DEFAULT_CAPS.map(formatCap).join(', ')}).
        </p>
      ) : null}
    </div>
  );
}

function CurveResult({
  metric,
  input,
}: {
  metric: DiversificationMetric;
  input: DiversificationJob['input'];
}) {
  const points = useMemo(() => toCurvePoints(metric), [metric]);
  const who = `${input.consumer}'s ${input.elements.join(', ')} supply`;
  const option = useMemo<EChartsCoreOption>(
    () => ({
      grid: { left: 80, right: 30, top: 30, bottom: 50 },
      tooltip: {
        trigger: 'item',
        formatter: (params: { dataIndex: number }) => {
          const p = points[params.dataIndex];
          if (!p) return '';
          const short = p.shortfall > 0 ? `, ${formatTonnes(p.shortfall)} short` : '';
          return `at most ${formatCap(p.cap)} from ${input.through}: supply cost ${formatUsd(p.supplyCost)}${short}${p.binds ? '' : ' (the cap does not bind)'}`;
        },
      },
      xAxis: {
        type: 'value',
        name: `at most this share of ${who} directly from ${input.through} (tightening →)`,
        nameLocation: 'middle',
        nameGap: 30,
        min: 0,
        max: 1,
        inverse: true,
        axisLabel: { formatter: (v: number) => formatCap(v) },
      },
      yAxis: {
        type: 'value',
        name: 'supply cost',
        min: 0,
        axisLabel: { formatter: (v: number) => formatUsd(v) },
      },
      series: [
        {
          type: 'line',
          name: 'supply cost',
          data: points.map((p) => ({
            value: [p.cap, p.supplyCost],
            ...(p.shortfall > 0 ? { itemStyle: { color: '#c0392b' } } : {}),
          })),
          symbolSize: 9,
          itemStyle: { color: '#1f5f8b' },
        },
      ],
    }),
    [points, who, input.through],
  );
  return (
    <>
      <p className="caption">{curveCaption(input)} Red points leave demand unmet.</p>
      <Chart
        name="risk-diversification"
        option={option}
        label={`Supply cost of ${who} against the cap on the share coming directly from ${input.through}`}
        height={300}
      />
      <table aria-label="Cost of diversification">
        <thead>
          <tr>
            <th scope="col" className="num">
              At most from {input.through}
            </th>
            <th scope="col" className="num">
              Supply cost
            </th>
            <th scope="col" className="num">
              Increase
            </th>
            <th scope="col" className="num">
              Short
            </th>
            <th scope="col">Cap binds</th>
          </tr>
        </thead>
        <tbody>
          {points.map((point) => {
            const row = toCurveRow(point);
            return (
              <tr key={point.cap}>
                <td className="num">{row.cap}</td>
                <td className="num">{row.supplyCost}</td>
                <td className="num">{row.increase}</td>
                <td className="num">{row.short}</td>
                <td>{row.binds}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {(metric.notes ?? []).length > 0 ? (
        <ul className="caption" aria-label="Notes on the curve">
          {(metric.notes ?? []).map((note, index) => (
            <li key={index}>{note.charAt(0).toUpperCase() + note.slice(1)}.</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
