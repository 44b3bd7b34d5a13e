import {
  GRANTS,
  OPERATIONS,
  ROLE_NAMES_ZH,
  ROLES,
  type Operation,
  type ResourceKind,
  type Scope,
} from '@jir/rules';

const OPERATION_ZH: Record<Operation, string> = {
  entry: '录入',
  storage: '存储',
  reporting: '报送',
  viewing: '查阅',
  processing: '处理',
};

const SCOPE_ZH: Record<Scope, string> = {
  own: '本人承办',
  division: '本庭',
  'divisions-in-charge': '分管各庭',
  court: '本院',
  'lower-courts': '下级法院',
};

// Partial: a kind added to @jir/rules shows by its code until it is named here.
const KIND_ZH: Partial<Record<ResourceKind, string>> & Record<string, string | undefined> = {
  record: '过问记录',
  evidence: '证据',
  material: '转交材料',
  report: '报告',
  audit: '审计日志',
  'audit-head': '审计链签名头',
  ledger: '责任追究台账',
  complaint: '打击报复投诉',
  system: '系统维护',
  'material-filing': '备案表',
  'refused-attempt': '被拒绝的转交',
  'record-copy': '信息表复印件',
  'audit-chain': '审计链校验',
  'exempt-opinion': '第六条参考意见',
  'interferer-identity': '过问人身份',
  'sample-draw': '抽查',
  'sample-verification': '抽查核实',
  'store-integrity': '存储完整性',
  declaration: '无事项声明',
};

/**
 * The manual's permissions table in markdown, generated from GRANTS of @jir/rules: the very
 * table can() reads, so the manual cannot disagree with what the services enforce (R-MN-1).
 */
export function permissionsMarkdown(): string {
  const lines = [
    '| 角色 | ' + OPERATIONS.map((o) => OPERATION_ZH[o]).join(' | ') + ' |',
    '|---|' + OPERATIONS.map(() => '---').join('|') + '|',
  ];
  for (const role of ROLES) {
    const cells = OPERATIONS.map(
      (op) =>
        GRANTS.filter((g) => g.role === role && g.operation === op)
          .map((g) => `${SCOPE_ZH[g.scope]}：${g.kinds.map((k) => KIND_ZH[k] ?? k).join('、')}`)
          .join('<br>') || '—',
    );
    lines.push(`| ${ROLE_NAMES_ZH[role]} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
