import { useMemo, useState } from 'react';
import { Button, Card, Form, Input, Radio, Typography } from 'antd';
import { quarterOf } from '@jir/rules';
import { useSession } from '../auth/session-context.js';
import { Notice } from '../frame/Notice.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { useAction } from '../office/use-action.js';
import { reportsApi } from '../reports/reports-api.js';
import { formatInstant } from '../time.js';
import type { Declaration } from '../api/types.js';

/** The quarter before the one `now` falls in: what a handler usually declares for. */
function previousQuarter(now: Date): string {
  const [y, q] = quarterOf(now).split('-Q').map(Number) as [number, number];
  return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
}

/**
 * 季度申报 (R-BX-1): a handler declares for a quarter either that nothing reached them to record
 * or that their records are complete; trial management sees who has not declared in the report.
 */
export function DeclarationsPage() {
  const { session } = useSession();
  const api = useMemo(() => reportsApi(session.token), [session.token]);
  const [form] = Form.useForm<{ quarter: string; kind: 'nothing' | 'complete' }>();
  const [done, setDone] = useState<Declaration | null>(null);
  const { busy, error, run } = useAction(form);
  const submit = () =>
    run(async () => {
      const v = form.getFieldsValue(true);
      setDone(await api.declare(v.quarter, v.kind));
    });
  return (
    <Card title="季度申报" data-testid="declarations">
      <Typography.Paragraph>
        每季度结束后，请申报本季度的情况：没有收到需要记录的过问，或者已收到的过问均已录入系统。申报如与系统中的记录不符，系统会拒绝并列出相关记录。
      </Typography.Paragraph>
      <ProblemAlert error={error} />
      {done && (
        <Notice
          type="success"
          below={16}
          testId="declared"
          message={`已申报 ${done.quarter}：${done.kind === 'nothing' ? '本季度无过问事项' : '记录完整'}（${formatInstant(done.declaredAt)}）`}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        style={{ maxWidth: 480 }}
        initialValues={{ quarter: previousQuarter(new Date()), kind: 'complete' }}
      >
        <Form.Item name="quarter" label="季度" extra="如 2026-Q3">
          <Input />
        </Form.Item>
        <Form.Item name="kind" label="申报内容">
          <Radio.Group
            options={[
              { value: 'nothing', label: '本季度没有需要记录的过问' },
              { value: 'complete', label: '本季度收到的过问均已录入' },
            ]}
          />
        </Form.Item>
        <Button type="primary" loading={busy} onClick={() => void submit()}>
          提交申报
        </Button>
      </Form>
    </Card>
  );
}
