import { Alert } from 'antd';
import { ApiProblem } from '../api/problem.js';

/** A service's refusal in Chinese (with the English beneath), or any other error. */
export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  if (error instanceof ApiProblem) {
    const p = error.problem;
    const title =
      p.status === 403 ? `无此操作权限：${p.message.zh}` : p.status === 0 ? p.message.zh : p.message.zh;
    return (
      <Alert
        type={p.status === 0 ? 'warning' : 'error'}
        showIcon
        data-testid="problem"
        style={{ marginBottom: 16 }}
        message={title}
        description={
          <>
            {p.errors?.map((e) => (
              <div key={e.path + e.code}>
                {e.path}：{e.message.zh}
              </div>
            ))}
            <div style={{ color: '#888' }}>{p.message.en}</div>
          </>
        }
      />
    );
  }
  return <Alert type="error" showIcon message={String((error as Error).message ?? error)} />;
}
