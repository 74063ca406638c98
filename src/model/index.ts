export {
  ELEMENTS,
  ELEMENT_SYMBOLS,
  ELEMENT_GROUPS,
  getElement,
  isElementSymbol,
  fromReoToMetal,
  fromMetalToReo,
} from './elements.js';
export type { Element, ElementSymbol, ElementGroup } from './elements.js';
export {
  parseRate,
  parseMass,
  parseDuration,
  parseMoney,
  parseFraction,
  fromRateToPerPeriod,
  fromDaysToPeriods,
} from './units.js';
export type { Tonnes, TonnesPerYear, Days, Usd, UsdPerTonne, Fraction } from './units.js';
export { modelSchema, horizonSchema, SCHEMA_VERSION, TABLES, STEPS, toModelJsonSchema } from './model.js';
export type { Model, ModelInput, Horizon, TableName } from './model.js';
export { STAGES, elementName, stage } from './components/common.js';
export type { Stage, Scope } from './components/common.js';
export { MATERIAL_KINDS, materialSchema } from './components/material.js';
export type { Material } from './components/material.js';
export { jurisdictionSchema } from './components/jurisdiction.js';
export type { Jurisdiction } from './components/jurisdiction.js';
export { facilitySchema } from './components/facility.js';
export type { Facility } from './components/facility.js';
export { processSchema, separationSchema } from './components/process.js';
export type { Process, SeparationSpec } from './components/process.js';
export { routeEmissions, routeSchema } from './components/route.js';
export type { Route } from './components/route.js';
export { demandSchema } from './components/demand.js';
export type { Demand } from './components/demand.js';
export { sinkSchema } from './components/sink.js';
export type { Sink } from './components/sink.js';
export { stockpileSchema } from './components/stockpile.js';
export type { Stockpile } from './components/stockpile.js';
export { policySchema } from './components/policy.js';
export type {
  Policy,
  QuotaPolicy,
  ExportControlPolicy,
  OfftakePolicy,
  ShareCapPolicy,
  EmissionCapPolicy,
} from './components/policy.js';
export { projectSchema, PROJECT_STAGES } from './components/project.js';
export type { Project } from './components/project.js';
export { scenarioSchema } from './components/scenario.js';
export type { Scenario } from './components/scenario.js';
export { elementSchema } from './components/element.js';
export {
  expandElements,
  sumElements,
  materialContent,
  materialContents,
  generateSeparationRecipe,
  resolveProcess,
  resolveProcesses,
  toProcessKey,
  referenceOf,
  monthsPerPeriod,
  periodLabels,
  periodIndex,
  activePeriods,
  createJurisdictionTree,
  createMembership,
  releaseTargets,
  containsAny,
} from './derive.js';
export type { ElementVector, ResolvedProcess, JurisdictionTree } from './derive.js';
export { formatPath, formatIssue, hasErrors, issueSchema, ISSUE_SEVERITIES } from './issues.js';
export type { Issue, IssuePath, Severity } from './issues.js';
export { editDistance, suggest, toDidYouMean } from './suggest.js';
export { summarizeModel, modelSummarySchema } from './summary.js';
export type { ModelSummary, CapacityRow } from './summary.js';
export { toModelReference } from './reference-docs.js';
export { loadModel } from './load/load-model.js';
export type { LoadOptions, LoadResult } from './load/load-model.js';
export { DEFAULT_DOCUMENT_LIMITS, isDeeperThan } from './load/document-limits.js';
export type { DocumentLimits } from './load/document-limits.js';
export { locateIssues, createSourceMap } from './load/source-map.js';
export { parseYamlText } from './load/parse-document.js';
export { fromZodIssues } from './load/zod-issues.js';
export type { SourceMap, SourceLocation } from './load/source-map.js';
export { writeModel, CSV_TABLES } from './load/write-model.js';
export type { ModelFormat, WriteOptions } from './load/write-model.js';
export {
  checkModel,
  CHECKS,
  checkScenarios,
  checkDuplicateIds,
  checkUnknownRefs,
  checkScenarioRefs,
  checkJurisdictionCycles,
  checkElementContents,
  checkCapacities,
  checkRecipeMass,
  checkSeparation,
  checkDemandReachable,
  checkPeriods,
  checkPolicies,
  checkSpecifications,
  isInScope,
  createCheckContext,
} from './checks/index.js';
export type { Check, CheckContext, CheckOptions } from './checks/index.js';
export { applyScenario } from './scenario.js';
export type { ScenarioResult } from './scenario.js';
export { isExportControlled } from './export-controls.js';
export { resolveOfftake } from './offtake.js';
export type { OfftakeScope } from './offtake.js';
export type { ControlledMovement } from './export-controls.js';
export { specificationSchema } from './components/specification.js';
export type { Specification, AnalyteLimit } from './components/specification.js';
