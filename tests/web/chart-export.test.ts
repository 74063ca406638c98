import { describe, expect, it } from 'vitest';
import {
  dataUrlBlob,
  exportButtonLabel,
  exportFileName,
  svgExportOption,
} from '../../web/src/lib/chart-export.js';

describe('chart export', () => {
  it('names the file after the chart', () => {
    expect(exportFileName('map', 'png')).toBe('reeflow-map.png');
    expect(exportFileName('compare-cost', 'svg')).toBe('reeflow-compare-cost.svg');
    expect(exportFileName(' Risk HHI / 2026 ', 'svg')).toBe('reeflow-risk-hhi-2026.svg');
    expect(exportFileName('***', 'png')).toBe('reeflow-chart.png');
  });

  it('labels the buttons for screen readers', () => {
    expect(exportButtonLabel('Cost by stage', 'png')).toBe('Download Cost by stage as PNG');
    expect(exportButtonLabel('Cost by stage', 'svg')).toBe('Download Cost by stage as SVG');
  });

  it('draws the same option, still, on an opaque background', () => {
    const option = { series: [{ type: 'bar', data: [1, 2] }], xAxis: { type: 'category' } };
    const out = svgExportOption(option, 'Costs', '#ffffff');
    expect(out).toEqual({
      aria: { enabled: true, label: { description: 'Costs' } },
      series: [{ type: 'bar', data: [1, 2] }],
      xAxis: { type: 'category' },
      animation: false,
      backgroundColor: '#ffffff',
    });
    expect(option).not.toHaveProperty('animation');
    // The chart's own aria and background give way: the export always has an opaque background.
    expect(
      svgExportOption({ aria: { enabled: false }, backgroundColor: 'transparent' }, 'x', '#000')
        .backgroundColor,
    ).toBe('#000');
    expect(svgExportOption({ aria: { enabled: false } }, 'x', '#000').aria).toEqual({ enabled: false });
  });

  it('turns a base64 data URL into a Blob of its bytes and type', async () => {
    const blob = dataUrlBlob(`data:image/png;base64,${btoa('\x89PNG\r\n')}`);
    expect(blob.type).toBe('image/png');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]);
  });
});
