// Composition root: the kit's runService does config → object store → database → bus → parts →
// listen → shutdown; what evidence storage is made of is in service.ts, shared with the tests.
import { runService } from '@jir/service-kit';
import { loadConfig } from './config.js';
import { evidenceService } from './service.js';

await runService(evidenceService(loadConfig()));
