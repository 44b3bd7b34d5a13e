import type { Problem } from '@jir/contracts';

/** A refusal from a service (problem+json), or a network failure shown the same way. */
export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message.zh);
    this.name = 'ApiProblem';
  }

  /** The Chinese messages by form field path (`interferer.kind`), for display beside the field. */
  fieldMessages(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const e of this.problem.errors ?? []) {
      const path = e.path.replace(/\[(\d+)\]/g, '.$1');
      out.set(path, [...(out.get(path) ?? []), e.message.zh]);
    }
    return out;
  }
}

/** The problem a network failure (offline, server down) is shown as. */
export function offlineProblem(): ApiProblem {
  return new ApiProblem({
    type: 'urn:jir:problem:offline',
    title: 'network error',
    status: 0,
    code: 'offline',
    message: {
      zh: '网络连接中断，请检查网络后重试',
      en: 'the network is unreachable; retry when back online',
    },
  });
}

/** Reads a refusal body; a body that is not problem+json still gets a message in both languages. */
export async function problemFrom(r: Response): Promise<ApiProblem> {
  try {
    const body = (await r.json()) as Problem;
    if (body && typeof body.code === 'string' && body.message) return new ApiProblem(body);
  } catch {
    // fall through: not JSON
  }
  return new ApiProblem({
    type: 'urn:jir:problem:unexpected',
    title: r.statusText,
    status: r.status,
    code: 'unexpected',
    message: { zh: `服务返回错误（${r.status}）`, en: `the service answered ${r.status}` },
  });
}
