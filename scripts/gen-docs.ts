// Writes the generated docs (npm run docs); tests fail when one is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { calibrateBundled, toCalibrationDoc } from '../src/cli/calibrate-doc.js';
import { toModelReference } from '../src/model/reference-docs.js';
import { toErrorCodesDoc } from '../src/server/error-catalogue.js';

writeFileSync(new URL('../docs/model-reference.md', import.meta.url), toModelReference());
console.log('wrote docs/model-reference.md');
writeFileSync(new URL('../docs/error-codes.md', import.meta.url), toErrorCodesDoc());
console.log('wrote docs/error-codes.md');
// Plans both bundled models, so it takes a few seconds.
const root = fileURLToPath(new URL('..', import.meta.url));
writeFileSync(
  new URL('../docs/calibration.md', import.meta.url),
  toCalibrationDoc(await calibrateBundled(root, process.env)),
);
console.log('wrote docs/calibration.md');
