import { ApiProblem, offlineProblem, problemFrom } from './problem.js';
import type {
  AmendmentInput,
  Evidence,
  EvidenceWithCustody,
  RecordConfirmations,
  RecordDto,
  RecordInput,
  RecordListQuery,
  RecordPage,
  RecordVersion,
  RecordView,
} from './types.js';

/** The services behind the web server, by their path under /api. */
export type ServiceName = 'intake' | 'evidence' | 'deadlines' | 'reporting';

/** One call to a service through the web server; refusals throw ApiProblem. */
export async function call<T>(
  token: string,
  service: ServiceName,
  path: string,
  init: {
    method?: string;
    body?: unknown;
    query?: Record<string, string | number | boolean | undefined>;
  } = {},
): Promise<T> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(init.query ?? {}))
    if (v !== undefined && v !== '') qs.set(k, String(v));
  const url = `/api/${service}${path}${qs.size ? `?${qs}` : ''}`;
  let r: Response;
  try {
    r = await fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  } catch {
    throw offlineProblem();
  }
  if (!r.ok) throw await problemFrom(r);
  return (r.status === 204 ? undefined : await r.json()) as T;
}

/** The typed operations of the intake and evidence services the pages use. */
export function apiFor(token: string) {
  return {
    listRecords: (q: RecordListQuery) =>
      call<RecordPage>(token, 'intake', '/v1/records', {
        query: q as Record<string, string | number | undefined>,
      }),
    getRecord: (id: string) => call<RecordDto>(token, 'intake', `/v1/records/${id}`),
    createRecord: (b: RecordInput) =>
      call<RecordDto>(token, 'intake', '/v1/records', { method: 'POST', body: b }),
    enterRecord: (id: string) =>
      call<RecordDto>(token, 'intake', `/v1/records/${id}/enter`, { method: 'POST' }),
    amendRecord: (id: string, b: AmendmentInput) =>
      call<RecordDto>(token, 'intake', `/v1/records/${id}/amendments`, { method: 'POST', body: b }),
    versions: (id: string) => call<RecordVersion[]>(token, 'intake', `/v1/records/${id}/versions`),
    views: (id: string) => call<RecordView[]>(token, 'intake', `/v1/records/${id}/views`),
    confirm: (id: string) =>
      call<RecordConfirmations>(token, 'intake', `/v1/records/${id}/confirmations`, { method: 'POST' }),
    deliverCopy: (id: string) =>
      call<RecordDto>(token, 'intake', `/v1/records/${id}/copy-delivery`, { method: 'POST' }),
    acknowledgeCopy: (id: string) =>
      call<RecordDto>(token, 'intake', `/v1/records/${id}/copy-delivery/acknowledge`, { method: 'POST' }),
    listEvidence: (recordId: string) =>
      call<Evidence[]>(token, 'evidence', '/v1/evidence', { query: { recordId } }),
    getEvidence: (id: string) => call<EvidenceWithCustody>(token, 'evidence', `/v1/evidence/${id}`),
  };
}
export type Api = ReturnType<typeof apiFor>;
export { ApiProblem };
