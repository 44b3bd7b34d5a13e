import { breachEvidencePageSchema, breachEvidenceQuerySchema } from '@jir/contracts';
import { listingScope } from '@jir/rules';
import { actorOf, defineRoute, parseQuery, problem, type Route } from '@jir/service-kit';
import { listBreaches, type AnyIntakeDb, type BreachRow } from './breach-evidence.repository.js';

const view = (r: BreachRow) => ({
  obligationId: r.obligation_id,
  kind: r.kind as never,
  court: r.court,
  handler: r.handler,
  division: r.division,
  recordId: r.record_id,
  materialId: r.material_id,
  quarter: r.quarter,
  level: r.level,
  dueDate: r.due_date,
  dueAt: r.due_at.toISOString(),
  breachedAt: r.breached_at.toISOString(),
});

/**
 * Missed deadlines as evidence for the ledger (R-AB-1): read by those who read the ledger
 * (listingScope over 'ledger': the court's trial management, who record violations, and
 * auditors), of their own court only.
 */
export function breachEvidenceRoutes(d: { db: AnyIntakeDb }): Route[] {
  return [
    defineRoute({
      spec: {
        method: 'get',
        path: '/v1/accountability/breaches',
        operationId: 'listDeadlineBreaches',
        summary:
          '逾期未履行的期限（追责证据，非结论） / missed deadlines as evidence for the ledger (R-AB-1)',
        tags: ['accountability'],
        query: breachEvidenceQuerySchema,
        responses: { 200: { description: 'a page', schema: breachEvidencePageSchema } },
      },
      handler: async (req, res) => {
        const actor = actorOf(res);
        const scope = listingScope(actor, 'viewing', 'ledger');
        // The ledger is read court-wide or not at all: a narrower scope would need its own rule.
        if (!scope || scope.handlers || scope.divisions) throw problem('forbidden');
        const q = parseQuery(req, breachEvidenceQuerySchema);
        const rows = await listBreaches(d.db, { court: scope.court, ...q });
        const page = rows.slice(0, q.limit);
        res.json({
          items: page.map(view),
          nextCursor: rows.length > q.limit ? page[page.length - 1]!.obligation_id : null,
        });
      },
    }),
  ];
}
