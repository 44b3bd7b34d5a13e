import { useCallback, useEffect, useRef, useState } from 'react';
import {
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Modal,
  Progress,
  Space,
  Table,
  Typography,
  Upload,
} from 'antd';
import { can } from '@jir/rules';
import { uploadEvidence, type UploadHandle } from '../api/upload.js';
import { downloadEvidence, evidenceLink, previewable } from './evidence-links.js';
import type { Evidence, EvidenceWithCustody, RecordDto } from '../api/types.js';
import { ApiProblem } from '../api/problem.js';
import { useSession } from '../auth/session-context.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { formatInstant } from '../time.js';

const size = (n: number) =>
  n >= 1 << 30
    ? `${(n / (1 << 30)).toFixed(2)} GB`
    : n >= 1 << 20
      ? `${(n / (1 << 20)).toFixed(1)} MB`
      : `${Math.ceil(n / 1024)} KB`;

/** A record's evidence: drag-and-drop upload with progress and cancel, digests, custody, download (R-EV-2, R-EV-5). */
export function EvidencePanel({ record, onChanged }: { record: RecordDto; onChanged(): void }) {
  const { session, api } = useSession();
  const { message } = App.useApp();
  const [items, setItems] = useState<Evidence[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [progress, setProgress] = useState<{ name: string; sent: number; total: number } | null>(null);
  const [detail, setDetail] = useState<EvidenceWithCustody | null>(null);
  const [preview, setPreview] = useState<{ e: Evidence; url: string; kind: 'image' | 'pdf' } | null>(null);
  const running = useRef<UploadHandle | null>(null);
  const resource = {
    kind: 'evidence' as const,
    court: record.court,
    handler: record.handler,
    division: record.division ?? undefined,
  };
  const mayUpload = can(session.actor, 'storage', resource);
  const load = useCallback(() => {
    api.listEvidence(record.id).then(setItems, (e) => {
      setError(e);
      setItems([]);
    });
  }, [api, record.id]);
  useEffect(load, [load]);

  const start = (file: File) => {
    setError(null);
    setProgress({ name: file.name, sent: 0, total: file.size });
    const h = uploadEvidence(session.token, record.id, file, (sent, total) =>
      setProgress({ name: file.name, sent, total }),
    );
    running.current = h;
    h.done
      .then((e) => {
        void message.success(`已上传并锁定保存：${e.fileName}`);
        load();
        onChanged();
      })
      .catch((e: unknown) => setError(e))
      .finally(() => {
        running.current = null;
        setProgress(null);
      });
    return false;
  };

  return (
    <Card title="证据" data-testid="evidence">
      <ProblemAlert error={error} />
      {mayUpload && (
        <Upload.Dragger
          multiple={false}
          showUploadList={false}
          beforeUpload={start}
          disabled={progress !== null}
          data-testid="evidence-drop"
        >
          <p>将截屏、录音、录像或消息导出文件拖到此处，或点击选择文件</p>
          <Typography.Text type="secondary">
            文件原样保存并锁定，不可删除；大文件（数 GB）直接流式上传
          </Typography.Text>
        </Upload.Dragger>
      )}
      {progress && (
        <Space style={{ width: '100%', marginTop: 12 }} direction="vertical" data-testid="upload-progress">
          <Typography.Text>
            正在上传 {progress.name}：{size(progress.sent)} / {size(progress.total)}
          </Typography.Text>
          <Space style={{ width: '100%' }}>
            <Progress
              percent={progress.total ? Math.floor((progress.sent / progress.total) * 100) : 0}
              style={{ width: 480 }}
            />
            <Button danger onClick={() => running.current?.cancel()} data-testid="upload-cancel">
              取消上传
            </Button>
          </Space>
        </Space>
      )}
      <Table<Evidence>
        style={{ marginTop: 16 }}
        rowKey="id"
        size="small"
        loading={items === null}
        dataSource={items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="尚无证据" /> }}
        columns={[
          { title: '文件', dataIndex: 'fileName' },
          { title: '大小', render: (_, e) => size(e.size) },
          { title: '上传', render: (_, e) => `${e.uploadedBy} ${formatInstant(e.uploadedAt)}` },
          {
            title: 'SHA-256',
            render: (_, e) => <Typography.Text code>{e.sha256.slice(0, 16)}…</Typography.Text>,
          },
          {
            title: '操作',
            render: (_, e) => (
              <Space>
                {previewable(e.mediaType) && (
                  <Button
                    size="small"
                    data-testid="evidence-preview-open"
                    onClick={() =>
                      evidenceLink(session.token, e.id, true).then(
                        (url) => setPreview({ e, url, kind: previewable(e.mediaType)! }),
                        setError,
                      )
                    }
                  >
                    预览
                  </Button>
                )}
                <Button size="small" onClick={() => api.getEvidence(e.id).then(setDetail, setError)}>
                  摘要与保管链
                </Button>
                <Button
                  size="small"
                  onClick={() =>
                    downloadEvidence(session.token, e).catch((err: unknown) =>
                      setError(err instanceof ApiProblem ? err : new Error(String(err))),
                    )
                  }
                  data-testid="evidence-download"
                  // The browser downloads by itself (its own progress, any size, R-EV-2).
                  title="由浏览器直接下载，大文件不占用页面内存"
                >
                  下载
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={preview !== null}
        title={preview ? `预览：${preview.e.fileName}` : ''}
        width={preview?.kind === 'pdf' ? 960 : 800}
        footer={null}
        destroyOnHidden
        onCancel={() => setPreview(null)}
      >
        {preview?.kind === 'image' && (
          <img
            src={preview.url}
            alt={preview.e.fileName}
            data-testid="evidence-preview"
            style={{ maxWidth: '100%', maxHeight: '70vh', display: 'block', margin: '0 auto' }}
          />
        )}
        {preview?.kind === 'pdf' && (
          <iframe
            src={preview.url}
            title={preview.e.fileName}
            data-testid="evidence-preview"
            style={{ width: '100%', height: '70vh', border: 0 }}
          />
        )}
      </Modal>
      {detail && (
        <Descriptions
          style={{ marginTop: 16 }}
          size="small"
          bordered
          column={1}
          title={`${detail.fileName} 的摘要与保管链`}
        >
          <Descriptions.Item label="SHA-256">
            <Typography.Text code copyable>
              {detail.sha256}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="SM3">
            <Typography.Text code copyable>
              {detail.sm3}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="类型">{detail.mediaType}</Descriptions.Item>
          <Descriptions.Item label="保管链">
            {detail.custody.map((c, i) => (
              <div key={i}>
                {formatInstant(c.at)} {c.actor} {c.action}
              </div>
            ))}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
