/**
 * Every operation of an OpenAPI document as `METHOD /path/:param`, the spelling of the rights
 * matrix (ROUTE_RIGHTS) and of express: what a service documents, in the form its routes are
 * checked against.
 */
export function documentedRoutes(doc: unknown): string[] {
  const paths = (doc as { paths?: Record<string, Record<string, unknown>> }).paths ?? {};
  return Object.entries(paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );
}
