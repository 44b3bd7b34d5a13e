// `npm start -- --demo` (or `node --import tsx scripts/demo/main.ts`): loads the demo data set
// into the running services, signing tokens with the local development key they trust.
import { ensureLocalKeyPair, signUserToken } from '@jir/service-kit';
import { loadDemo } from './load-demo.js';

const port = (v: string, d: number) => Number(process.env[v] ?? d);
const urls = {
  intake: `http://127.0.0.1:${port('INTAKE_PORT', 3001)}`,
  evidence: `http://127.0.0.1:${port('EVIDENCE_STORAGE_PORT', 3002)}`,
  deadlines: `http://127.0.0.1:${port('DEADLINE_MONITOR_PORT', 3003)}`,
  reporting: `http://127.0.0.1:${port('REPORTING_PORT', 3004)}`,
};
const key = ensureLocalKeyPair();
const summary = await loadDemo(urls, (a) => signUserToken(key.privateKeyPem, a));
const r = summary.records;
process.stdout.write(
  [
    `demo data: records ${r.created} created, ${r.existing} already there; evidence ${summary.evidence.stored} stored, ${summary.evidence.existing} already there`,
    `  confirmations ${summary.confirmations}; copies delivered ${summary.copies.delivered}, acknowledged ${summary.copies.acknowledged}`,
    `  materials received ${summary.materials.received}, hops ${summary.materials.hops}`,
    `  report ${summary.report.quarter}: ${summary.report.generated ? 'generated' : 'already there'}, ${summary.report.deliveries} deliveries, ${summary.report.acknowledged} acknowledged`,
    ...summary.problems.map((p) => `  refused: ${p}`),
    '',
  ].join('\n'),
);
process.exitCode = summary.problems.length ? 1 : 0;
