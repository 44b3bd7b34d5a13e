// Composition root: the kit's runService does config → database → bus → parts → listen →
// shutdown; what the reporting service is made of is in service.ts, shared with the tests.
import { runService } from '@jir/service-kit';
import { loadConfig } from './config.js';
import { reportingService } from './service.js';

await runService(reportingService(loadConfig()));
