/** The issue and error codes of calibration, each with what it means (docs/calibration.md lists them). */
export const CALIBRATION_CODES = {
  CALIBRATION_FILE_NOT_FOUND:
    'The model has no calibration.yaml beside it (and no --table was given). Write one, or pass --table <file>.',
  CALIBRATION_NO_PLAN:
    'The baseline did not solve to optimality, so there is nothing to compare; `reeflow plan` says why.',
  CALIBRATION_UNKNOWN_REF:
    'A figure names something the model lacks: a jurisdiction, operator, facility, material, sector, scenario or policy. The fix suggests the nearest id.',
  CALIBRATION_TOLERANCE_MISSING:
    'A numeric figure compared `within` has no tolerance. Write {points: n} (absolute) or {percent: n} (relative).',
  CALIBRATION_TOLERANCE_FORM: 'A tolerance gives both points and percent, or neither. Give exactly one.',
  CALIBRATION_PUBLISHED_TYPE:
    'An export-control figure publishes a number, or another figure publishes a list. Export-control figures publish element lists; all others numbers.',
  CALIBRATION_DUPLICATE_ID: 'Two figures share an id. Rename one.',
} as const satisfies Record<string, string>;
export type CalibrationCode = keyof typeof CALIBRATION_CODES;
