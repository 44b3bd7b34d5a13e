import { useMemo, useState } from 'react';
import { Alert, Button, Card, Descriptions, Space, Typography } from 'antd';
import { useSession } from '../auth/session-context.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { useAction } from '../office/use-action.js';
import { storeApi } from './store-api.js';
import type { IntegrityReport, Reconciliation } from '../api/types.js';

/**
 * 证据完整性 (R-EV-3): IT and trial management re-read every stored item's digests and reconcile
 * the store's objects with its rows. Only identifiers and counts are shown, never content (Art 14).
 */
export function StoreIntegrityPage() {
  const { session } = useSession();
  const api = useMemo(() => storeApi(session.token), [session.token]);
  const [integrity, setIntegrity] = useState<IntegrityReport | null>(null);
  const [recon, setRecon] = useState<Reconciliation | null>(null);
  const { pending: busy, error, run: act } = useAction();
  const run = (what: 'integrity' | 'recon') =>
    act(async () => {
      if (what === 'integrity') setIntegrity(await api.checkIntegrity());
      else setRecon(await api.reconcile());
    }, what);
  return (
    <Card
      title="证据完整性与对账"
      data-testid="store-integrity"
      extra={
        <Space>
          <Button type="primary" loading={busy === 'integrity'} onClick={() => void run('integrity')}>
            校验全部证据摘要
          </Button>
          <Button loading={busy === 'recon'} onClick={() => void run('recon')}>
            存储对账
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        校验会重新读取每一件证据并比对 SHA-256 与 SM3
        摘要；对账比对存储中的对象与登记的证据。两者均只显示编号和数量，不显示证据内容，也不删除任何内容。
      </Typography.Paragraph>
      <ProblemAlert error={error} />
      {integrity && (
        <Alert
          style={{ marginBottom: 12 }}
          showIcon
          type={integrity.failures.length ? 'error' : 'success'}
          message={`已校验 ${integrity.checked} 件，${integrity.failures.length ? `${integrity.failures.length} 件异常` : '全部一致'}`}
          description={integrity.failures
            .map((f) => `${f.id}：${f.problem === 'digest-mismatch' ? '摘要不符' : '存储对象缺失'}`)
            .join('；')}
        />
      )}
      {recon && (
        <Descriptions bordered size="small" column={2}>
          <Descriptions.Item label="存储对象">{recon.objects}</Descriptions.Item>
          <Descriptions.Item label="登记的证据">{recon.rows}</Descriptions.Item>
          <Descriptions.Item label="无登记的对象" span={2}>
            {recon.objectsWithoutMetadata.join('、') || '无'}
          </Descriptions.Item>
          <Descriptions.Item label="对象缺失的登记" span={2}>
            {recon.metadataWithoutObject.join('、') || '无'}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
