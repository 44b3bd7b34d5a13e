import { useMemo, useState } from 'react';
import { Button, Card, Empty, Form, Input, List, Space, Tag, Typography } from 'antd';
import { can, complaintEscalation, DEFAULT_COURTS } from '@jir/rules';
import { useSession } from '../auth/session-context.js';
import { PageStack } from '../frame/PageStack.js';
import { Notice } from '../frame/Notice.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { useAction } from '../office/use-action.js';
import { useLoad } from '../office/use-load.js';
import { committeeLabel, courtLabel } from '../reports/court-names.js';
import { formatInstant } from '../time.js';
import { complaintsApi } from './complaints-api.js';
import type { Complaint, ComplaintAction } from '../api/types.js';

// Keyed by string: an action the service adds later is still shown, by its code.
const ACTION_ZH: Record<string, string> = {
  'reported-to-committee': '已报告党委政法委',
  escalated: '已报送上一级法院',
  'escalated-to-spc': '已层报最高人民法院',
};

/**
 * 打击报复控告 (Art 12, R-AB-2): any staff member may complain of obstruction or retaliation for
 * recording; the complaints are seen only by the receiving court's designated staff (and each
 * complainant sees their own), who report them on.
 */
export function ComplaintsPage() {
  const { session } = useSession();
  const a = session.actor;
  const api = useMemo(() => complaintsApi(session.token), [session.token]);
  const list = useLoad(() => api.list(), [api]);
  const designated = can(a, 'processing', { kind: 'complaint', court: a.court });
  const [form] = Form.useForm<{ against: string; description: string }>();
  const [filed, setFiled] = useState<Complaint | null>(null);
  const { error, run } = useAction(form);
  const file = () =>
    run(async () => {
      setFiled(await api.file(form.getFieldsValue(true)));
      form.resetFields();
      list.reload();
    });
  return (
    <PageStack testId="complaints">
      <Card title="提出控告">
        <Typography.Paragraph type="secondary">
          因如实记录过问情况而受到阻挠、打击报复的，可以在此提出控告。控告只有受理法院的指定人员和您本人可以看到。
        </Typography.Paragraph>
        <ProblemAlert error={error} />
        {filed && (
          <Notice
            type="success"
            message={`控告已提交，由 ${filed.receivingCourt} 受理（${formatInstant(filed.filedAt)}）`}
          />
        )}
        <Form form={form} layout="vertical" style={{ maxWidth: 720 }}>
          <Form.Item name="against" label="被控告人及其单位、职务">
            <Input />
          </Form.Item>
          <Form.Item name="description" label="事实经过">
            <Input.TextArea rows={4} />
          </Form.Item>
          <Button type="primary" onClick={() => void file()}>
            提交控告
          </Button>
        </Form>
      </Card>
      <Card title={designated ? '本院受理的控告' : '我提出的控告'}>
        <ProblemAlert error={list.error} />
        <List
          loading={list.loading}
          dataSource={list.value ?? []}
          locale={{ emptyText: <Empty description="没有控告" /> }}
          renderItem={(c) => (
            <List.Item>
              <List.Item.Meta
                title={`控告 ${c.against}（${c.fromCourt} ${c.complainant}，${formatInstant(c.filedAt)}）`}
                description={
                  <>
                    <Typography.Paragraph>{c.description}</Typography.Paragraph>
                    {c.actions.map((x) => (
                      <Tag key={x.at} color="green">
                        {ACTION_ZH[x.action] ?? x.action}（{x.by}，{formatInstant(x.at)}）：{x.note}
                      </Tag>
                    ))}
                    {designated && <ActOn c={c} onDone={list.reload} />}
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </PageStack>
  );
}

/**
 * Where the complaint goes next: the court one level above the one holding it (R-AB-2, level by
 * level up to the Supreme People's Court), or nowhere once the Supreme People's Court holds it.
 */
function nextLevel(c: Complaint) {
  const holding = c.holdingCourt ?? c.receivingCourt;
  return DEFAULT_COURTS.has(holding) ? complaintEscalation(holding) : null;
}

function ActOn({ c, onDone }: { c: Complaint; onDone(): void }) {
  const { session } = useSession();
  const holding = c.holdingCourt ?? c.receivingCourt;
  const committee = c.levels?.at(-1)?.committee ?? c.committee;
  const next = nextLevel(c);
  const api = useMemo(() => complaintsApi(session.token), [session.token]);
  const [note, setNote] = useState('');
  const { error, run } = useAction();
  const act = (action: ComplaintAction['action']) =>
    run(async () => {
      await api.act(c.id, { action, note });
      setNote('');
      onDone();
    });
  // A lower court that passed it on keeps reading it; only the court holding it acts.
  if (holding !== session.actor.court)
    return (
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
        已报送{courtLabel(holding)}处理
      </Typography.Text>
    );
  return (
    <div style={{ marginTop: 8 }}>
      <ProblemAlert error={error} />
      <Space.Compact style={{ width: '100%', maxWidth: 720 }}>
        <Input
          aria-label="处理说明"
          placeholder="处理说明"
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <Button onClick={() => void act('reported-to-committee')}>报告{committeeLabel(committee)}</Button>
        {next && (
          <Button onClick={() => void act('escalated')}>报送上一级法院：{courtLabel(next.court)}</Button>
        )}
      </Space.Compact>
    </div>
  );
}
