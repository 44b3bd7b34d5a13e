// Composition root: the kit's runService does config → object store → database → bus → parts →
// listen → shutdown; what evidence storage is made of is in service.ts, shared with the tests.
import { runService } from '@jir/service-kit';
import { loadConfig } from './config.js';
import { evidenceService } from './service.js';

// A start that cannot succeed (bad configuration, a bucket that is not write-once) is one clear
// bilingual line and exit 1, not an uncaught exception with a stack trace.
try {
  await runService(evidenceService(loadConfig()));
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
