// Composition root: the kit's runService does config → database → bus → parts → listen →
// shutdown; what the deadline monitor is made of is in service.ts, shared with the tests.
import { runService } from '@jir/service-kit';
import { loadConfig } from './config.js';
import { deadlineService } from './service.js';

await runService(deadlineService(loadConfig()));
