/**
 * Separation specs generate recipes from the feed's content, so the feed needs content
 * (`SEPARATION_FEED_NO_CONTENT`), each product should collect something the feed has and declare
 * the content it carries, and recovered elements no product names should go to a `rest`.
 */
import type { Model } from '../model.js';
import type { Issue } from '../issues.js';
import { expandElements, sumElements } from '../derive.js';
import type { ElementSymbol } from '../elements.js';
import { formatNumber, toIssue, type CheckContext } from './context.js';

/** Checks every separation spec against the element contents of its feed and products. */
export function checkSeparation(_model: Model, context: CheckContext): Issue[] {
  const issues: Issue[] = [];
  for (const { resolved, path } of context.processes) {
    const spec = resolved.process.separation;
    if (!spec) continue;
    const at = [...path, 'separation'];
    const what = `separation '${resolved.key}'`;
    const feed = context.contents.get(spec.feed) ?? {};
    if (sumElements(feed) === 0) {
      issues.push(
        toIssue(
          'SEPARATION_FEED_NO_CONTENT',
          'error',
          [...at, 'feed'],
          `${what} separates '${spec.feed}', which has no element content, so it yields nothing.`,
          `give material '${spec.feed}' elements, or reo with a distribution.`,
        ),
      );
      continue;
    }
    const claimed = new Set<ElementSymbol>();
    for (const [product, names] of Object.entries(spec.products)) {
      const elements = expandElements(Array.isArray(names) ? names : [names]);
      elements.forEach((e) => claimed.add(e));
      const content = context.contents.get(product);
      if (!elements.some((e) => (feed[e] ?? 0) > 0)) {
        issues.push(
          toIssue(
            'SEPARATION_PRODUCT_EMPTY',
            'warning',
            [...at, 'products', product],
            `${what}: product '${product}' collects ${elements.join(', ')}, none of which the feed '${spec.feed}' contains.`,
            'collect elements the feed holds, or remove the product.',
          ),
        );
      }
      if (content !== undefined && sumElements(content) === 0) {
        issues.push(
          toIssue(
            'SEPARATION_PRODUCT_NO_CONTENT',
            'warning',
            [...at, 'products', product],
            `${what}: product '${product}' has no element content, so the elements it collects vanish from element flows downstream.`,
            `give material '${product}' elements, e.g. { ${elements.map((e) => `${e}: …`).join(', ')} }.`,
          ),
        );
      } else if (content !== undefined) {
        const foreign = (Object.keys(content) as ElementSymbol[]).filter(
          (e) => (content[e] ?? 0) > 0 && !elements.includes(e),
        );
        if (foreign.length > 0) {
          issues.push(
            toIssue(
              'SEPARATION_PRODUCT_MISMATCH',
              'warning',
              [...at, 'products', product],
              `${what}: material '${product}' contains ${foreign.join(', ')}, which this product does not collect (it collects ${elements.join(', ')}).`,
              `add ${foreign.join(', ')} to the product's elements, or fix the content of '${product}'.`,
            ),
          );
        }
      }
    }
    const restContent = spec.rest === undefined ? undefined : context.contents.get(spec.rest);
    if (spec.rest !== undefined && restContent !== undefined && sumElements(restContent) === 0) {
      issues.push(
        toIssue(
          'SEPARATION_PRODUCT_NO_CONTENT',
          'warning',
          [...at, 'rest'],
          `${what}: rest '${spec.rest}' has no element content, so the elements it collects vanish from element flows downstream.`,
          `give material '${spec.rest}' elements in the proportions of the elements it collects.`,
        ),
      );
    }
    const lost = (Object.keys(feed) as ElementSymbol[]).filter((e) => (feed[e] ?? 0) > 0 && !claimed.has(e));
    if (spec.rest === undefined && lost.length > 0) {
      const share = lost.reduce((sum, e) => sum + (feed[e] ?? 0), 0) / sumElements(feed);
      issues.push(
        toIssue(
          'SEPARATION_NO_REST',
          'warning',
          at,
          `${what}: ${formatNumber(share * 100)}% of the feed's REO (${lost.join(', ')}) goes to no product and is lost to tailings, hiding joint production.`,
          'add rest: <material> to collect it, or name the elements in a product.',
        ),
      );
    }
  }
  return issues;
}
