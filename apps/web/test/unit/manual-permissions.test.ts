import { describe, expect, it } from 'vitest';
import { GRANTS, OPERATIONS, ROLE_NAMES_ZH } from '@jir/rules';
import { permissionsMarkdown } from '../../src/client/manual/permissions-table.js';

describe('the manual’s permissions table (R-MN-1)', () => {
  it('R-MN-1: has a row per role, and every grant of @jir/rules shows in its role’s row', () => {
    const rows = permissionsMarkdown().split('\n').slice(2);
    expect(rows).toHaveLength(Object.keys(ROLE_NAMES_ZH).length);
    for (const g of GRANTS) {
      const row = rows.find((r) => r.startsWith(`| ${ROLE_NAMES_ZH[g.role]} |`));
      expect(row, g.role).toBeDefined();
      const columns = row!
        .split('|')
        .slice(2, -1)
        .map((c) => c.trim());
      expect(columns).toHaveLength(OPERATIONS.length);
      // The grant's operation column names something; a missing grant would show '—'.
      expect(columns[OPERATIONS.indexOf(g.operation)], `${g.role} ${g.operation}`).not.toBe('—');
    }
    const handler = rows.find((r) => r.startsWith(`| ${ROLE_NAMES_ZH['case-handler']} |`))!;
    expect(handler).toContain('本人承办：过问记录、证据');
    const it = rows.find((r) => r.startsWith(`| ${ROLE_NAMES_ZH['it-admin']} |`))!;
    expect(it).not.toContain('过问记录');
  });
});
