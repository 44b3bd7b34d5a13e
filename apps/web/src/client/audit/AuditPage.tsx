import { useMemo, useState } from 'react';
import { Alert, Button, Card, Descriptions, Space, Typography } from 'antd';
import { useSession } from '../auth/session-context.js';
import { PageStack } from '../frame/PageStack.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { useAction } from '../office/use-action.js';
import { formatInstant } from '../time.js';
import { auditApi } from './audit-api.js';
import type { AuditHead, AuditVerification } from '../api/types.js';

/**
 * 审计核验 (R-PV-2): auditors recompute the court's audit hash chain and read the chain head signed
 * now, to compare with the copy published outside the database. No record content is shown.
 */
export function AuditPage() {
  const { session } = useSession();
  const api = useMemo(() => auditApi(session.token), [session.token]);
  const [result, setResult] = useState<AuditVerification | null>(null);
  const [head, setHead] = useState<AuditHead | null>(null);
  const { pending, error, run } = useAction();
  const verify = () => run(async () => setResult(await api.verify()), 'verify');
  const readHead = () => run(async () => setHead(await api.head()), 'head');
  return (
    <PageStack testId="audit">
      <Card
        title="审计链核验"
        extra={
          <Space>
            <Button
              type="primary"
              loading={pending === 'verify'}
              onClick={() => void verify()}
              data-testid="verify-audit"
            >
              核验审计链
            </Button>
            <Button loading={pending === 'head'} onClick={() => void readHead()} data-testid="audit-head">
              读取签名链头
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">
          系统对每一次录入、更正、查阅、递转等操作写入带哈希链的审计记录。核验会从头重算整条链，并与记录内容的摘要逐一比对；任何删除、篡改都会在此显示为断点。
        </Typography.Paragraph>
        <ProblemAlert error={error} />
        {result && (
          <Alert
            data-testid="audit-result"
            type={result.intact && !result.firstContentMismatch ? 'success' : 'error'}
            showIcon
            message={
              result.intact && !result.firstContentMismatch
                ? `审计链完整：共 ${result.entries} 条${result.pending ? `（另有 ${result.pending} 条待入链）` : ''}`
                : '审计链不完整'
            }
            description={
              <>
                {result.firstBreak && (
                  <div>
                    第一个断点：序号 {result.firstBreak.seq}，链位置 {result.firstBreak.chainPos}，原因{' '}
                    {result.firstBreak.reason}
                  </div>
                )}
                {result.firstContentMismatch && (
                  <div>
                    内容与审计摘要不符：{result.firstContentMismatch.kind === 'record' ? '记录' : '版本'}{' '}
                    {result.firstContentMismatch.recordId} 第 {result.firstContentMismatch.revision} 版（
                    {result.firstContentMismatch.reason === 'content-mismatch' ? '内容被改动' : '未入审计'}）
                  </div>
                )}
              </>
            }
          />
        )}
      </Card>
      {head && (
        <Card title="签名链头" data-testid="audit-head-card">
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="法院">{head.court}</Descriptions.Item>
            <Descriptions.Item label="链位置">{head.position}</Descriptions.Item>
            <Descriptions.Item label="链头哈希">
              <Typography.Text code copyable>
                {head.headHash}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="签名时间">{formatInstant(head.signedAt)}</Descriptions.Item>
            <Descriptions.Item label="签名（Ed25519）">
              <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                {head.signature}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="密钥标识">{head.keyId}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
    </PageStack>
  );
}
