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

/** A read's query parameters; empty ones are left out of the address. */
export type Query = Record<string, string | number | boolean | undefined>;

/** A page of a list route: its items and the cursor of the next page (null after the last). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** One call to a service through the web server; refusals throw ApiProblem. */
export async function call<T>(
  token: string,
  service: ServiceName,
  path: string,
  init: {
    method?: string;
    /** Sent as JSON. */
    body?: unknown;
    /** Sent as it is, for a file the service parses itself. */
    file?: { bytes: Blob; type: string };
    query?: Query;
  } = {},
): Promise<T> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(init.query ?? {}))
    if (v !== undefined && v !== '') qs.set(k, String(v));
  const url = `/api/${service}${path}${qs.size ? `?${qs}` : ''}`;
  const sent = init.file
    ? { body: init.file.bytes, type: init.file.type }
    : init.body !== undefined
      ? { body: JSON.stringify(init.body), type: 'application/json' }
      : null;
  let r: Response;
  try {
    r = await fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(sent ? { 'content-type': sent.type } : {}),
      },
      ...(sent ? { body: sent.body } : {}),
    });
  } catch {
    throw offlineProblem();
  }
  if (!r.ok) throw await problemFrom(r);
  return (r.status === 204 ? undefined : await r.json()) as T;
}

/**
 * One service's routes for the signed-in user's token: every feature's API module says only its
 * paths and the contracts' types, not how a call is made.
 */
export function serviceClient(token: string, service: ServiceName) {
  return {
    get: <T>(path: string, query?: Query) => call<T>(token, service, path, query ? { query } : {}),
    post: <T>(path: string, body?: unknown) => call<T>(token, service, path, { method: 'POST', body }),
    put: <T>(path: string, body: unknown) => call<T>(token, service, path, { method: 'PUT', body }),
    putFile: <T>(path: string, file: { bytes: Blob; type: string }) =>
      call<T>(token, service, path, { method: 'PUT', file }),
    /** Every page of a list route, up to about `max` items (a board needs whole counts, not a first page). */
    async getAll<T>(path: string, query: Query, max: number, pageSize = 500): Promise<T[]> {
      const out: T[] = [];
      let cursor: string | undefined;
      do {
        const page = await call<Page<T>>(token, service, path, {
          query: { ...query, limit: pageSize, cursor },
        });
        out.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && out.length < max);
      return out;
    },
  };
}

/** The typed operations of the intake and evidence services the pages use. */
export function apiFor(token: string) {
  const intake = serviceClient(token, 'intake');
  const evidence = serviceClient(token, 'evidence');
  return {
    listRecords: (q: RecordListQuery) => intake.get<RecordPage>('/v1/records', q as Query),
    getRecord: (id: string) => intake.get<RecordDto>(`/v1/records/${id}`),
    createRecord: (b: RecordInput) => intake.post<RecordDto>('/v1/records', b),
    enterRecord: (id: string) => intake.post<RecordDto>(`/v1/records/${id}/enter`),
    amendRecord: (id: string, b: AmendmentInput) => intake.post<RecordDto>(`/v1/records/${id}/amendments`, b),
    versions: (id: string) => intake.get<RecordVersion[]>(`/v1/records/${id}/versions`),
    views: (id: string) => intake.get<RecordView[]>(`/v1/records/${id}/views`),
    confirm: (id: string) => intake.post<RecordConfirmations>(`/v1/records/${id}/confirmations`),
    deliverCopy: (id: string) => intake.post<RecordDto>(`/v1/records/${id}/copy-delivery`),
    acknowledgeCopy: (id: string) => intake.post<RecordDto>(`/v1/records/${id}/copy-delivery/acknowledge`),
    listEvidence: (recordId: string) => evidence.get<Evidence[]>('/v1/evidence', { recordId }),
    getEvidence: (id: string) => evidence.get<EvidenceWithCustody>(`/v1/evidence/${id}`),
  };
}
export type Api = ReturnType<typeof apiFor>;
export { ApiProblem };
