/** The Sankey of element flows from mine to magnet by stage and country, filtered by element and period. */
import { use as registerEcharts } from 'echarts/core';
import { LabelLayout } from 'echarts/features';
import { useMemo } from 'react';
import { api } from '../api/client.js';
import { Chart } from '../components/chart.js';
import type { EChartsCoreOption } from '../components/echarts.js';
import { ElementFilter, PeriodFilter } from '../components/filters.js';
import { Empty, Failure, Loading } from '../components/status.js';
import type { ViewContext } from '../context.js';
import { useAsync } from '../hooks.js';
import { CountryLegend } from '../components/country-legend.js';
import { toCountryColours, toCountryLegend } from '../lib/colours.js';
import { formatTonnes } from '../lib/format.js';
import { toElementSelection, toSankeyFacilities } from '../lib/model-view.js';
import { toElementSankey, type SankeyData } from '../lib/sankey.js';

// `labelLayout.hideOverlap` needs the label-layout feature (echarts.ts registers only charts and components).
registerEcharts([LabelLayout]);

export function SankeyView({ context }: { context: ViewContext }) {
  const { model, modelId, result, state, navigate, plan, runPlan } = context;
  // Element contents of materials are the server's (the model summary), not recomputed here.
  const view = useAsync(modelId, () => api.getModel(modelId ?? ''));
  const inputs = useMemo(
    () =>
      model.state === 'ok' && view.state === 'ok'
        ? {
            facilities: toSankeyFacilities(model.value),
            contents: view.value.summary?.materialContents ?? {},
          }
        : undefined,
    [model, view],
  );
  const sankey = useMemo(() => {
    if (!inputs || !result) return undefined;
    const elements = toElementSelection(state.element);
    return toElementSankey(
      { ...inputs, flows: result.flows, production: result.production, sinks: result.sinks },
      { elements, ...(state.period === undefined ? {} : { period: state.period }), minValue: 1e-3 },
    );
  }, [inputs, result, state.element, state.period]);
  const option = useMemo(
    () =>
      sankey && model.state === 'ok'
        ? toSankeyOption(sankey, new Map(model.value.jurisdictions.map((j) => [j.id, j.name])))
        : undefined,
    [sankey, model],
  );

  if (model.state === 'loading' || model.state === 'idle') return <Loading what="the model" />;
  if (model.state === 'error') return <Failure what="the model" error={model.error} />;
  const what = state.element ? `${state.element}` : 'all rare earths';
  return (
    <section aria-labelledby="sankey-title">
      <div className="view-head">
        <h2 id="sankey-title">Element flows from mine to magnet</h2>
        <div className="filters">
          <ElementFilter
            value={state.element}
            onChange={(element) => navigate({ element }, { replace: true })}
          />
          <PeriodFilter
            periods={result?.periods ?? []}
            value={state.period}
            onChange={(period) => navigate({ period }, { replace: true })}
          />
        </div>
      </div>
      {!result ? (
        plan && !plan.error && plan.job?.status !== 'failed' ? (
          <Loading what="the plan's flows" />
        ) : (
          <Empty title="No plan to show.">
            <p>The Sankey draws the element flows of a plan. Run one for the chosen scenario.</p>
            <button type="button" onClick={runPlan}>
              Run plan
            </button>
          </Empty>
        )
      ) : sankey && option && sankey.links.length > 0 ? (
        <>
          <p className="caption">
            t REO-equivalent of {what} {state.period ? `in ${state.period}` : 'over the horizon'}; nodes are
            stage · country, colour = country.
            {sankey.dropped > 0.5
              ? ` ${formatTonnes(sankey.dropped)} moved within a stage and country or back up the chain (recycling) and is not drawn.`
              : ''}
          </p>
          <CountryLegend
            keys={toCountryLegend(
              sankey.nodes.map((n) => n.jurisdiction),
              model.value.jurisdictions,
            )}
          />
          <Chart
            name="sankey"
            option={option}
            label={`Sankey of ${what} flows through ${sankey.nodes.length} stage and country nodes`}
            height="calc(100vh - 240px)"
          />
        </>
      ) : (
        <Empty title={`No ${what} flows in this plan${state.period ? ` in ${state.period}` : ''}.`}>
          <p>Choose another element or period.</p>
        </Empty>
      )}
    </section>
  );
}

function toSankeyOption(sankey: SankeyData, names: ReadonlyMap<string, string>): EChartsCoreOption {
  const colours = toCountryColours(sankey.nodes.map((n) => n.jurisdiction).filter((j) => j !== ''));
  const countryOf = new Map(sankey.nodes.map((n) => [n.name, n.jurisdiction]));
  const nodeTitle = (name: string): string => {
    const country = names.get(countryOf.get(name) ?? '');
    return country ? `${name} (${country})` : name;
  };
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: {
        dataType: string;
        data: { name?: string; source?: string; target?: string; value: number };
      }) =>
        p.dataType === 'edge'
          ? `${nodeTitle(p.data.source ?? '')} → ${nodeTitle(p.data.target ?? '')}<br/>${formatTonnes(p.data.value)} REO`
          : `${nodeTitle(p.data.name ?? '')}<br/>${formatTonnes(p.data.value)} REO`,
    },
    series: [
      {
        type: 'sankey',
        left: 8,
        right: 120,
        top: 16,
        bottom: 16,
        nodeGap: 6,
        nodeAlign: 'justify',
        emphasis: { focus: 'adjacency' },
        lineStyle: { color: 'gradient', opacity: 0.35, curveness: 0.5 },
        // Small nodes in the tail would print labels on top of each other: hide the overlapping ones
        // (their tooltip still names them) and give each shown label its value.
        label: {
          fontSize: 11,
          formatter: (p: { name: string; value: number }) => `${p.name}  ${formatTonnes(p.value)}`,
        },
        labelLayout: { hideOverlap: true },
        data: sankey.nodes.map((node) => ({
          name: node.name,
          value: node.value,
          itemStyle: { color: colours.get(node.jurisdiction) ?? '#7f8c8d' },
        })),
        links: sankey.links.map((link) => ({ ...link })),
      },
    ],
  };
}
