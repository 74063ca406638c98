/** The disruption processes in the order they start each run (recovery reads the outages' windows). */
import { createDemandSurges } from './demand-surges.js';
import { createExportControls } from './export-controls.js';
import { createFacilityOutages } from './facility-outages.js';
import { createRecovery } from './recovery.js';
import { createRouteClosures } from './route-closures.js';
import type { Disruption } from './types.js';

export function createDisruptions(): Disruption[] {
  return [
    createFacilityOutages(),
    createRouteClosures(),
    createExportControls(),
    createDemandSurges(),
    createRecovery(),
  ];
}
