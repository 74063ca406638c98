/**
 * The model's light entry point, for code that runs in worker threads (the simulator): the model's
 * types and the pure functions that derive from a loaded model, without the loader, the writer, the
 * checks or the reference docs that `index.ts` also exports (importing `index.ts` takes about 1.1 s
 * under tsx, this file about 0.3 s, in every worker). Everything here is also exported by `index.ts`;
 * other folders import `index.ts`.
 */
export { ELEMENT_SYMBOLS } from './elements.js';
export type { ElementSymbol } from './elements.js';
export type { Model } from './model.js';
export { STAGES } from './components/common.js';
export type { Stage } from './components/common.js';
export { stockpileSchema } from './components/stockpile.js';
export type { Stockpile } from './components/stockpile.js';
export type { ExportControlPolicy, OfftakePolicy } from './components/policy.js';
export {
  activePeriods,
  createJurisdictionTree,
  createMembership,
  releaseTargets,
  expandElements,
  materialContents,
  periodIndex,
  periodLabels,
  resolveProcesses,
} from './derive.js';
export type { ElementVector, JurisdictionTree, ResolvedProcess } from './derive.js';
export { isExportControlled } from './export-controls.js';
export { resolveOfftake } from './offtake.js';
export type { OfftakeScope } from './offtake.js';
export { toDidYouMean } from './suggest.js';
