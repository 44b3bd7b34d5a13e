import { z } from 'zod';
import { DEFAULT_TOKEN_AUDIENCE, LOCAL_TOKEN_ISSUER } from './auth/tokens.js';
import { trustedProxiesSchema } from './http/trusted-proxies.js';

/** Thrown at start when the environment does not fit the schema; names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置有误 / invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOCAL_PG = 'postgres://postgres@127.0.0.1:5432';

const UNIT_S: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** A duration such as `12h`, `30m`, `45s`, `1d` or plain seconds, as seconds. */
const durationSeconds = z
  .string()
  .regex(/^\d+\s*[smhd]?$/, 'a duration such as 12h, 30m, 3600s or 3600')
  .transform((v) => {
    const m = /^(\d+)\s*([smhd]?)$/.exec(v)!;
    return Number(m[1]) * (UNIT_S[m[2] || 's'] ?? 1);
  })
  .pipe(z.number().int().positive());

/**
 * The one configuration vocabulary of every service: each service
 * extends it. Defaults are the local ones, so a service on a developer's
 * machine needs no environment at all.
 */
export function baseConfigSchema(service: string, defaultPort: number) {
  return z.object({
    SERVICE_NAME: z.string().default(service),
    PORT: z.coerce.number().int().min(0).max(65535).default(defaultPort),
    HOST: z.string().default('127.0.0.1'),
    /** Proxies whose X-Forwarded-For is believed (comma-separated addresses, CIDRs, `loopback`); none by default. */
    TRUSTED_PROXIES: trustedProxiesSchema,
    /** The owner's connection: creates the database, migrates, sets up the service role. */
    DATABASE_URL: z.url().default(`${LOCAL_PG}/jir_${service.replace(/-/g, '_')}`),
    /** The service's own connection (row rights only); default: DATABASE_URL as `<database>_app`, no password. */
    DATABASE_APP_URL: z.url().optional(),
    /**
     * A statement of the service's own connection that runs longer than this is cancelled
     * (PostgreSQL's statement_timeout), so one stalled query cannot hold the requests queued
     * behind it for ever; 0 turns it off. Migrations run as the owner, without it.
     */
    DATABASE_STATEMENT_TIMEOUT_SECONDS: z.coerce.number().min(0).max(86_400).default(60),
    /** false: the service neither creates nor migrates its database (run `npm run migrate` first). */
    MIGRATE_ON_START: z.stringbool().default(true),
    /** One server, or several separated by commas (the nodes of a cluster: the client fails over between them). */
    NATS_URL: z.string().default('nats://127.0.0.1:4222'),
    /**
     * Copies of each stream a JetStream cluster keeps (num_replicas): 3 on a three-node cluster,
     * so the loss of one node loses no event; 1 for a single server, which cannot hold more.
     */
    NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
    /** Prefix for subjects and stream names: lets deployments and test runs share a NATS server. */
    BUS_NAMESPACE: z
      .string()
      .regex(/^[a-z0-9-]*$/)
      .default(''),
    S3_ENDPOINT: z.url().optional(),
    S3_ACCESS_KEY: z.string().optional(),
    S3_SECRET_KEY: z.string().optional(),
    S3_BUCKET: z.string().optional(),
    AUTH_JWKS_URL: z.url().optional(),
    AUTH_PUBLIC_KEY: z.string().optional(),
    /**
     * true: with neither AUTH_JWKS_URL nor AUTH_PUBLIC_KEY, trust the local development key
     * (`npm start` and the tests ask for it). Otherwise a service without a key refuses to start.
     */
    AUTH_DEV_MODE: z.stringbool().default(false),
    /** Directory of the local development key pair (created on first use; dev mode only). */
    AUTH_LOCAL_KEY_DIR: z.string().optional(),
    /** The `iss` a user token must carry; the default is that of the local development key. */
    AUTH_ISSUER: z.string().min(1).default(LOCAL_TOKEN_ISSUER),
    /** The `aud` a user token must carry. */
    AUTH_AUDIENCE: z.string().min(1).default(DEFAULT_TOKEN_AUDIENCE),
    /** The longest a token may live (exp − iat and exp − now), e.g. `12h`; seconds after parsing. */
    AUTH_MAX_TOKEN_LIFETIME: durationSeconds.default(12 * 3600),
    /** A court configuration (JSON file path, or the JSON itself); the Changchun default otherwise. */
    COURT_CONFIG: z.string().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BODY_LIMIT: z.string().default('1mb'),
    /** Seconds a JSON body may take to arrive, and a request's headers (408 / connection closed after). */
    HTTP_BODY_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(30),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  });
}

/** Parses the environment once; throws ConfigError naming every problem, not just the first. */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.output<S> {
  const r = schema.safeParse(env);
  if (r.success) return r.data;
  throw new ConfigError(r.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
}
