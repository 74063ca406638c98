/** The coordination dividend: the model planned jointly against regions planning alone. */
export { measureDividend } from './dividend.js';
export type { DividendOptions, DividendPrices } from './dividend.js';
export { toRegions } from './regions.js';
export type { RegionBasis, Regions } from './regions.js';
export { dividendResultSchema, dividendRegionSchema, regionAccountSchema, tradeRowSchema } from './result.js';
export type { DividendResult, DividendRegion, RegionAccount, TradeRow } from './result.js';
