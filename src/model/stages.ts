/**
 * The stages of the value chain, as plain data: no imports, so the dashboard can read them through
 * the contract module (src/contract/index.ts) without bundling zod or the model schemas.
 */

/** Stages of the chain, from mine to component; `recycling` turns scrap back into oxide or alloy. */
export const STAGES = [
  'mining',
  'beneficiation',
  'cracking',
  'separation',
  'metal',
  'alloy',
  'magnet',
  'component',
  'recycling',
] as const;
