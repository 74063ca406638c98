/** Calibration: a model's baseline plan against the published figures kept beside it. */
export { calibrate, allowance, withinTolerance } from './calibrate.js';
export type { CalibrationReport, FigureResult, FigureStatus } from './calibrate.js';
export { computeFigure, createComputeContext } from './compute.js';
export type { CalibrationInput, ComputeContext, Computed } from './compute.js';
export { parseCalibration } from './file.js';
export type { ParsedCalibration } from './file.js';
export { calibrationFileSchema, figureSchema, computeSchema } from './schema.js';
export type { CalibrationFile, Compute, ComputeKind, Figure, Tolerance } from './schema.js';
export { CALIBRATION_CODES } from './codes.js';
export type { CalibrationCode } from './codes.js';
