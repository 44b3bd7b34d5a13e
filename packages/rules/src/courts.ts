import { z } from 'zod';

export const COURT_LEVELS = ['supreme', 'high', 'intermediate', 'basic'] as const;
export type CourtLevel = (typeof COURT_LEVELS)[number];

/** A court and the party political-legal committee of its region (R-CT-1). */
export interface Court {
  readonly code: string;
  readonly name: string;
  readonly level: CourtLevel;
  /** The court one level up; null only for the Supreme People's Court. */
  readonly parent: string | null;
  /** The region's political-legal committee (党委政法委): id `PLC:<court code>`. */
  readonly committee: { readonly code: string; readonly name: string };
}

/** Schema of a court configuration file (COURT_CONFIG). */
export const courtConfigSchema = z.object({
  /** Where quarterly reports are rolled up to (Art 8: 长春中院审判管理办公室). */
  reportingHub: z.string().min(1),
  courts: z
    .array(
      z.object({
        code: z.string().regex(/^[A-Z][A-Z0-9-]*$/),
        name: z.string().min(1),
        level: z.enum(COURT_LEVELS),
        parent: z.string().nullable(),
        committee: z.object({ code: z.string().regex(/^PLC:/), name: z.string().min(1) }),
      }),
    )
    .min(1),
});
export type CourtConfig = z.infer<typeof courtConfigSchema>;

/** A validated court tree: one root, every parent known, levels strictly descending. */
export class CourtHierarchy {
  private readonly byCode: ReadonlyMap<string, Court>;
  readonly reportingHub: string;

  constructor(config: CourtConfig) {
    const parsed = courtConfigSchema.parse(config);
    const byCode = new Map<string, Court>();
    for (const c of parsed.courts) {
      if (byCode.has(c.code)) throw new Error(`duplicate court code ${c.code}`);
      byCode.set(c.code, c);
    }
    for (const c of byCode.values()) {
      if (c.parent === null) continue;
      const p = byCode.get(c.parent);
      if (!p) throw new Error(`court ${c.code}: unknown parent ${c.parent}`);
      if (COURT_LEVELS.indexOf(p.level) >= COURT_LEVELS.indexOf(c.level)) {
        throw new Error(`court ${c.code} (${c.level}) cannot sit under ${p.code} (${p.level})`);
      }
    }
    const roots = [...byCode.values()].filter((c) => c.parent === null);
    if (roots.length !== 1) throw new Error(`a court hierarchy has exactly one root, found ${roots.length}`);
    if (!byCode.has(parsed.reportingHub)) throw new Error(`unknown reporting hub ${parsed.reportingHub}`);
    this.byCode = byCode;
    this.reportingHub = parsed.reportingHub;
  }

  /** Every court, in configuration order. */
  get courts(): Court[] {
    return [...this.byCode.values()];
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  /** The court with this code; throws for an unknown code. */
  get(code: string): Court {
    const c = this.byCode.get(code);
    if (!c) throw new RangeError(`unknown court ${code}`);
    return c;
  }

  /** The courts above, nearest first, up to the Supreme People's Court. */
  ancestors(code: string): Court[] {
    const out: Court[] = [];
    for (let c = this.get(code); c.parent !== null;) {
      c = this.get(c.parent);
      out.push(c);
    }
    return out;
  }

  /** True when `lower` sits below `upper` (not equal). */
  isBelow(lower: string, upper: string): boolean {
    return this.ancestors(lower).some((c) => c.code === upper);
  }
}

const CC = (code: string, name: string, committee: string): CourtConfig['courts'][number] => ({
  code,
  name,
  level: 'basic',
  parent: 'JL-CC',
  committee: { code: `PLC:${code}`, name: committee },
});

/** The default configuration: Changchun and its basic courts (R-CT-1). */
export const CHANGCHUN_COURT_CONFIG: CourtConfig = {
  reportingHub: 'JL-CC',
  courts: [
    {
      code: 'SPC',
      name: '最高人民法院',
      level: 'supreme',
      parent: null,
      committee: { code: 'PLC:SPC', name: '中央政法委' },
    },
    {
      code: 'JL',
      name: '吉林省高级人民法院',
      level: 'high',
      parent: 'SPC',
      committee: { code: 'PLC:JL', name: '吉林省委政法委' },
    },
    {
      code: 'JL-CC',
      name: '长春市中级人民法院',
      level: 'intermediate',
      parent: 'JL',
      committee: { code: 'PLC:JL-CC', name: '长春市委政法委' },
    },
    CC('JL-CC-NG', '长春市南关区人民法院', '南关区委政法委'),
    CC('JL-CC-KC', '长春市宽城区人民法院', '宽城区委政法委'),
    CC('JL-CC-CY', '长春市朝阳区人民法院', '朝阳区委政法委'),
    CC('JL-CC-ED', '长春市二道区人民法院', '二道区委政法委'),
    CC('JL-CC-LY', '长春市绿园区人民法院', '绿园区委政法委'),
    CC('JL-CC-SY', '长春市双阳区人民法院', '双阳区委政法委'),
    CC('JL-CC-JT', '长春市九台区人民法院', '九台区委政法委'),
    CC('JL-CC-NA', '农安县人民法院', '农安县委政法委'),
    CC('JL-CC-YS', '榆树市人民法院', '榆树市委政法委'),
    CC('JL-CC-DH', '德惠市人民法院', '德惠市委政法委'),
    CC('JL-CC-GZL', '公主岭市人民法院', '公主岭市委政法委'),
  ],
};

/** The default hierarchy built from CHANGCHUN_COURT_CONFIG. */
export const DEFAULT_COURTS = new CourtHierarchy(CHANGCHUN_COURT_CONFIG);
