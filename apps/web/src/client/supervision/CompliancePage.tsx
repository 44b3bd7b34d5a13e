import { useMemo, useState } from 'react';
import { Button, Card, Input, Space, Typography } from 'antd';
import { quarterOf } from '@jir/rules';
import { useSession } from '../auth/session-context.js';
import { deadlinesApi } from '../deadlines/deadlines-api.js';
import { PageStack } from '../frame/PageStack.js';
import { LoadedTable } from '../frame/LoadedTable.js';
import { useLoad } from '../office/use-load.js';
import { formatInstant } from '../time.js';
import type { Compliance } from '../api/types.js';

type CourtRow = Compliance['courts'][number];
type Tally = CourtRow['entries'];

const tallyZh = (t: Tally) => `按期 ${t.onTime}，逾期 ${t.late}，未履行 ${t.missing}，未到期 ${t.pending}`;
const lapses = (c: CourtRow) =>
  c.entries.late +
  c.entries.missing +
  c.copies.late +
  c.copies.missing +
  c.escalations.missing +
  c.reports.missing;

/**
 * 下级法院期限遵守情况 (Art 9, R-RP-5): the caller's court and each court below it that they may
 * see, for a quarter, and a circulation (通报) drafted from it as a printable document.
 */
export function CompliancePage() {
  const { session } = useSession();
  const api = useMemo(() => deadlinesApi(session.token), [session.token]);
  const [quarter, setQuarter] = useState<string>(quarterOf(new Date()));
  const [asked, setAsked] = useState(quarter);
  const loaded = useLoad(() => api.compliance({ quarter: asked }), [api, asked]);
  const c = loaded.value;
  const named = (c?.courts ?? []).filter((x) => lapses(x) > 0 || x.breaches > 0);
  return (
    <PageStack>
      <Card
        title="期限遵守情况"
        extra={
          <Space.Compact>
            <Input aria-label="季度" value={quarter} onChange={(e) => setQuarter(e.target.value.trim())} />
            <Button type="primary" onClick={() => setAsked(quarter)}>
              查询
            </Button>
          </Space.Compact>
        }
      >
        <LoadedTable
          rowKey="court"
          size="small"
          read={loaded}
          rows={c?.courts}
          pagination={false}
          empty="没有可查看的法院"
          columns={[
            { title: '法院', key: 'name', render: (_: unknown, r: CourtRow) => `${r.name}（${r.court}）` },
            { title: '录入', key: 'e', render: (_: unknown, r: CourtRow) => tallyZh(r.entries) },
            { title: '复印件', key: 'c', render: (_: unknown, r: CourtRow) => tallyZh(r.copies) },
            { title: '即时报告', key: 's', render: (_: unknown, r: CourtRow) => tallyZh(r.escalations) },
            { title: '季度报告', key: 'r', render: (_: unknown, r: CourtRow) => tallyZh(r.reports) },
            { title: '违反期限', dataIndex: 'breaches' },
            { title: '免除', dataIndex: 'waived' },
          ]}
        />
      </Card>
      {c && (
        <Card
          title="通报（草稿）"
          className="printable"
          data-testid="circulation"
          extra={<Button onClick={() => window.print()}>打印通报</Button>}
        >
          <Typography>
            <Typography.Title level={4} style={{ textAlign: 'center' }}>
              关于 {c.quarter} 过问案件记录期限遵守情况的通报
            </Typography.Title>
            <Typography.Paragraph>
              截至 {formatInstant(c.asOf)}，本院及辖区法院 {c.quarter}{' '}
              过问案件记录的录入、复印件报送、情节严重即时报告和季度报告期限遵守情况如下。
            </Typography.Paragraph>
            {named.length === 0 ? (
              <Typography.Paragraph>各法院均按期履行，未发现逾期或未履行情形。</Typography.Paragraph>
            ) : (
              named.map((x) => (
                <Typography.Paragraph key={x.court}>
                  {x.name}：录入逾期 {x.entries.late} 件、未履行 {x.entries.missing} 件；复印件逾期{' '}
                  {x.copies.late} 件、未报送 {x.copies.missing} 件；即时报告未履行 {x.escalations.missing}{' '}
                  件；季度报告未报送 {x.reports.missing} 件；共违反期限 {x.breaches} 次。
                </Typography.Paragraph>
              ))
            )}
            <Typography.Paragraph>请有关法院认真整改，按规定时限录入和报送。</Typography.Paragraph>
          </Typography>
        </Card>
      )}
    </PageStack>
  );
}
