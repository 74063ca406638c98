/**
 * Reads a calibration file's text (the caller reads the file): YAML syntax, then the schema, with
 * every issue coded and located by file and line the way the model loader locates its own.
 */
import {
  createSourceMap,
  fromZodIssues,
  hasErrors,
  locateIssues,
  parseYamlText,
  type Issue,
  type SourceMap,
} from '../model/index.js';
import { calibrationFileSchema, type CalibrationFile } from './schema.js';

export interface ParsedCalibration {
  /** Set when the file has no errors. */
  table?: CalibrationFile;
  issues: Issue[];
  /** Locates a path of the file (`['figures', 3, 'compute', 'policy']`), for issues found later. */
  sources: SourceMap;
}

/**
 * Parses `text`, the content of calibration file `file` (a name to report, e.g. 'calibration.yaml').
 *
 * @example await parseCalibration('figures:\n- id: x\n  ...', 'calibration.yaml')
 */
export async function parseCalibration(text: string, file: string): Promise<ParsedCalibration> {
  const sources = createSourceMap();
  const parsed = await parseYamlText(text, file);
  sources.add([], file, parsed.locate);
  if (hasErrors(parsed.issues)) return { issues: parsed.issues, sources };
  const result = calibrationFileSchema.safeParse(parsed.value ?? {});
  if (!result.success) {
    const issues = fromZodIssues(result.error.issues, parsed.value, calibrationFileSchema);
    return { issues: [...parsed.issues, ...locateIssues(issues, sources)], sources };
  }
  return { table: result.data, issues: parsed.issues, sources };
}
