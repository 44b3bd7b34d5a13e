/** One JetStream stream per producing service (DESIGN.md). */
export interface StreamDeclaration {
  /** Stream name, upper case. */
  readonly name: string;
  /** The domain prefix of its subjects. */
  readonly domain: string;
}

export const STREAMS = {
  intake: { name: 'INTAKE', domain: 'intake' },
  evidence: { name: 'EVIDENCE', domain: 'evidence' },
  deadlines: { name: 'DEADLINES', domain: 'deadlines' },
  reporting: { name: 'REPORTING', domain: 'reporting' },
} as const satisfies Record<string, StreamDeclaration>;

/**
 * Subjects and stream names with an optional namespace, so that several
 * deployments (or test files) can share one NATS server without overlapping.
 */
export function subjectFor(subject: string, namespace = ''): string {
  return namespace ? `${namespace}.${subject}` : subject;
}

export function streamNameFor(stream: StreamDeclaration, namespace = ''): string {
  return namespace ? `${namespace.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${stream.name}` : stream.name;
}

/** The wildcard subject a stream captures. */
export function streamSubjects(stream: StreamDeclaration, namespace = ''): string[] {
  return [subjectFor(`${stream.domain}.>`, namespace)];
}
