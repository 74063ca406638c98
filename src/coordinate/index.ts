/** Coordinate: expansion projects, permitting pipelines, financing and capital allocation. */
export { CoordinateError, COORDINATE_ERRORS } from './errors.js';
export type { CoordinateErrorCode } from './errors.js';
export {
  addDays,
  fromDateToDay,
  fromDayToDate,
  nextStage,
  stageDuration,
  stageJurisdiction,
  stageActor,
  checkProjectDependencies,
  sortByDependencies,
  projectPipelines,
  checkStageTransition,
  isWithinJurisdiction,
} from './projects.js';
export type { ProjectStage, PipelineOptions, StageTiming, ProjectPipeline } from './projects.js';
export {
  npv,
  excelNpv,
  irr,
  payback,
  blendedCostOfCapital,
  checkFinancing,
  projectCashFlows,
  appraiseProject,
  MAX_FINANCING_RATE,
} from './finance.js';
export type {
  CashFlow,
  CapitalSource,
  CostOfCapital,
  CashFlowOptions,
  ProjectCashFlows,
  Appraisal,
  AppraisalOptions,
} from './finance.js';
export { allocateCapital, parseGoal, measureGoal, GOAL_FORMS } from './allocate.js';
export { explainAllocation, projectLabel } from './allocation-explain.js';
export type {
  AllocationGoal,
  AllocateOptions,
  AllocationResult,
  ChosenProject,
  UnfundedProject,
} from './allocate.js';
export { horizonStartDate } from './projects.js';
export { toProjectReportRow } from './finance.js';
export type { ProjectReportRow } from './finance.js';
export {
  allocationResultSchema,
  appraisalSchema,
  projectPipelineSchema,
  projectReportRowSchema,
} from './result.js';
export { reportProjects } from './report.js';
export type { ProjectsReport, ProjectsReportOptions } from './report.js';
export { measureDividend, toRegions, dividendResultSchema } from './dividend/index.js';
export type {
  DividendOptions,
  DividendPrices,
  DividendResult,
  DividendRegion,
  RegionAccount,
  RegionBasis,
  TradeRow,
} from './dividend/index.js';
