/**
 * ECharts with only the charts and components the dashboard draws (keeps the bundle small), the
 * SVG renderer for chart exports (about 8 KB gzipped), and the world map registered once from
 * world-atlas (Natural Earth 1:110m countries, offline).
 */
import * as echarts from 'echarts/core';
import { BarChart, CustomChart, LineChart, LinesChart, SankeyChart, ScatterChart } from 'echarts/charts';
import {
  AriaComponent,
  GeoComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries from 'world-atlas/countries-110m.json';
import { toMapCountries } from '../lib/geo.js';

echarts.use([
  BarChart,
  CustomChart,
  LineChart,
  LinesChart,
  SankeyChart,
  ScatterChart,
  AriaComponent,
  GeoComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
  SVGRenderer,
]);

let registered = false;

/** Registers the `world` map for geo components; safe to call more than once. */
export function registerWorldMap(): void {
  if (registered) return;
  const topology = countries as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const geojson = toMapCountries(feature(topology, topology.objects.countries));
  echarts.registerMap('world', geojson as unknown as Parameters<typeof echarts.registerMap>[1]);
  registered = true;
}

export { echarts };
export type { EChartsCoreOption } from 'echarts/core';
