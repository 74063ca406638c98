/** Predictive maintenance: streaming anomaly scores, Hotelling T², remaining useful life, outage contract, NAB scoring. Pure. */
export { createAnomalyScorer, scoreSeries } from './anomaly.js';
export type { AnomalyOptions, AnomalyPoint, AnomalyScorer, FlaggedWindow } from './anomaly.js';
export { fitHotelling, hotellingT2 } from './hotelling.js';
export type { HotellingModel } from './hotelling.js';
export { failureProbability, fitRul, groupUnits, parseCmapss, predictRul, scoreRul } from './rul.js';
export type { CmapssRow, RulModel, RulOptions, RulPrediction } from './rul.js';
export { toOutageProbabilities } from './outage.js';
export type { FailurePrediction, OutagePeriod } from './outage.js';
export { NAB_STANDARD, scoreNab } from './nab.js';
export type { NabProfile, NabScore } from './nab.js';
export { createAssetTracker, toFailurePredictions, toOutageOptions } from './assets.js';
export { assetHealthSchema } from './health.js';
export type {
  AssetHealth,
  AssetTracker,
  AssetTrackerOptions,
  FailureLimit,
  RulEstimate,
  TagHealth,
} from './assets.js';
