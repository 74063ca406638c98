// Writes docs/model-reference.md from the schemas (npm run docs); tests fail when it is stale.
import { writeFileSync } from 'node:fs';
import { toModelReference } from '../src/model/reference-docs.js';

writeFileSync(new URL('../docs/model-reference.md', import.meta.url), toModelReference());
console.log('wrote docs/model-reference.md');
