/**
 * The pure parts of exporting a chart: the file name a download gets, and the option an offscreen
 * SVG instance draws (the live chart's option, still, with its background and description).
 */

export type ChartExportFormat = 'png' | 'svg';

/** `reeflow-<name>.<ext>`, the chart name reduced to lower-case letters, digits and dashes. */
export function exportFileName(name: string, format: ChartExportFormat): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `reeflow-${slug || 'chart'}.${format}`;
}

/** What the buttons say to a screen reader: "Download <label> as PNG". */
export function exportButtonLabel(label: string, format: ChartExportFormat): string {
  return `Download ${label} as ${format.toUpperCase()}`;
}

/**
 * The option for the offscreen SVG instance: the chart's own option with animation off (a string
 * rendered at once must hold the final frame), an opaque background and the same aria description.
 */
export function svgExportOption<T extends object>(
  option: T,
  label: string,
  backgroundColor: string,
): T & { animation: false; backgroundColor: string; aria: unknown } {
  return {
    aria: { enabled: true, label: { description: label } },
    ...option,
    animation: false,
    backgroundColor,
  };
}

/** The bytes of a base64 `data:` URL (what ECharts' getDataURL returns) as a Blob of its type. */
export function dataUrlBlob(url: string): Blob {
  const comma = url.indexOf(',');
  const type = /^data:([^;,]+)/.exec(url)?.[1] ?? 'application/octet-stream';
  const binary = atob(url.slice(comma + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}
