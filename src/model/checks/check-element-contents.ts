/**
 * Element content is t REO-equivalent per tonne of material, so an ore, concentrate or oxide
 * cannot hold more than 1 t REO per t, and a metal, alloy, magnet or scrap no more than 1 t of
 * metal per t (1 t Nd metal is 1.166 t REO-equivalent) (`CONTENT_OVER_ONE`); deposit distributions are percent of REO and should sum to about 100
 * (`DISTRIBUTION_SUM`); element keys must be one of the 17 symbols (`ELEMENT_UNKNOWN`).
 */
import type { Model } from '../model.js';
import type { Issue, IssuePath } from '../issues.js';
import { ELEMENT_GROUPS, ELEMENT_SYMBOLS, getElement, isElementSymbol } from '../elements.js';
import type { Material } from '../components/material.js';
import { sumElements, type ElementVector } from '../derive.js';
import { toDidYouMean } from '../suggest.js';
import { formatNumber, toIssue, type CheckContext } from './context.js';

/** Distributions may be off 100% by this many percentage points (rounded published figures). */
export const DISTRIBUTION_TOLERANCE = 1;
const CONTENT_TOLERANCE = 1e-9;
/** Kinds whose rare earths are metallic, so their REO-equivalent may exceed 1 t per t. */
const METALLIC_KINDS: readonly Material['kind'][] = ['metal', 'alloy', 'magnet', 'component', 'scrap'];

/** The content that must not exceed 1 t per t: t REO, or t metal for metallic kinds. */
function boundedContent(material: Material, content: ElementVector): { total: number; unit: string } {
  if (!METALLIC_KINDS.includes(material.kind)) return { total: sumElements(content), unit: 't REO' };
  let metal = 0;
  for (const [symbol, value] of Object.entries(content))
    if (isElementSymbol(symbol)) metal += (value ?? 0) * getElement(symbol).reoToMetal;
  return { total: metal, unit: 't of rare-earth metal' };
}

function unknownElements(keys: readonly string[], path: IssuePath, allowed: readonly string[]): Issue[] {
  return keys
    .filter((key) => !allowed.includes(key))
    .map((key) =>
      toIssue(
        'ELEMENT_UNKNOWN',
        'error',
        [...path, key],
        `unknown element '${key}'; expected one of ${allowed.slice(0, 17).join(', ')}.`,
        toDidYouMean(key, allowed, 'elements'),
      ),
    );
}

/** Checks material element contents, distributions and separation recovery keys. */
export function checkElementContents(model: Model, context: CheckContext): Issue[] {
  const issues: Issue[] = [];
  const symbols: readonly string[] = ELEMENT_SYMBOLS;
  for (const [id, distribution] of Object.entries(model.distributions)) {
    issues.push(...unknownElements(Object.keys(distribution), ['distributions', id], symbols));
    const total = Object.entries(distribution).reduce(
      (sum, [key, percent]) => sum + (isElementSymbol(key) ? percent : 0),
      0,
    );
    if (Math.abs(total - 100) > DISTRIBUTION_TOLERANCE) {
      issues.push(
        toIssue(
          'DISTRIBUTION_SUM',
          'warning',
          ['distributions', id],
          `distribution '${id}' sums to ${formatNumber(total)}% of REO; expected about 100% (it is normalised to 100% when used).`,
          total === 0
            ? 'give each element its percent of REO.'
            : 'check for a missing or mistyped element, or rescale the percents.',
        ),
      );
    }
  }
  model.materials.forEach((material, i) => {
    const at: IssuePath = ['materials', i];
    if (material.elements)
      issues.push(...unknownElements(Object.keys(material.elements), [...at, 'elements'], symbols));
    const { total, unit } = boundedContent(material, context.contents.get(material.id) ?? {});
    if (total > 1 + CONTENT_TOLERANCE) {
      issues.push(
        toIssue(
          'CONTENT_OVER_ONE',
          'error',
          [...at, material.elements ? 'elements' : 'reo'],
          `material '${material.id}' (${material.kind}) holds ${formatNumber(total)} ${unit} per tonne; a tonne of material cannot hold more than 1 ${unit}.`,
          'write contents as t REO per t (fractions, e.g. Nd: 0.75), not percent.',
        ),
      );
    }
    const hasGrade = material.reo !== undefined || material.distribution !== undefined;
    if (material.elements && hasGrade) {
      issues.push(
        toIssue(
          'MATERIAL_CONTENT_AMBIGUOUS',
          'warning',
          at,
          `material '${material.id}' gives both elements and reo/distribution; elements win and reo/distribution are ignored.`,
          'remove reo and distribution, or remove elements.',
        ),
      );
    } else if (
      !material.elements &&
      hasGrade &&
      (material.reo === undefined || material.distribution === undefined)
    ) {
      const missing = material.reo === undefined ? 'reo' : 'distribution';
      issues.push(
        toIssue(
          'MATERIAL_CONTENT_INCOMPLETE',
          'warning',
          [...at, missing === 'reo' ? 'distribution' : 'reo'],
          `material '${material.id}' has ${missing === 'reo' ? 'a distribution but no reo grade' : 'an reo grade but no distribution'}, so it carries no element content.`,
          `add ${missing}, or give elements instead.`,
        ),
      );
    }
  });
  const recoveryKeys = [...symbols, ...Object.keys(ELEMENT_GROUPS), 'default'];
  for (const { resolved, path } of context.processes) {
    const recovery = resolved.process.separation?.recovery;
    if (recovery !== undefined && typeof recovery === 'object') {
      issues.push(
        ...unknownElements(Object.keys(recovery), [...path, 'separation', 'recovery'], recoveryKeys),
      );
    }
  }
  return issues;
}
