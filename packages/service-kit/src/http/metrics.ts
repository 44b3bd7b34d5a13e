import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** A service's Prometheus metrics. Each app has its own registry, so tests can run several apps in one process. */
export interface ServiceMetrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  outboxBacklog: Gauge;
  outboxPublished: Counter;
  consumerProcessed: Counter<'consumer' | 'outcome'>;
  consumerRedeliveries: Counter<'consumer'>;
  consumerLag: Gauge<'consumer'>;
  parkedMessages: Gauge<'consumer'>;
  /** Run before each scrape, to read gauges that live elsewhere (database, bus). */
  refreshers: (() => Promise<void>)[];
}

export function createMetrics(service: string, opts: { defaultMetrics?: boolean } = {}): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: [registry],
    }),
    outboxBacklog: new Gauge({
      name: 'outbox_backlog',
      help: 'outbox rows not yet published',
      registers: [registry],
    }),
    outboxPublished: new Counter({
      name: 'outbox_published_total',
      help: 'outbox rows published',
      registers: [registry],
    }),
    consumerProcessed: new Counter({
      name: 'consumer_messages_total',
      help: 'messages handled by consumers, by outcome (applied, duplicate, ignored, parked, retried)',
      labelNames: ['consumer', 'outcome'],
      registers: [registry],
    }),
    consumerRedeliveries: new Counter({
      name: 'consumer_redeliveries_total',
      help: 'messages delivered more than once',
      labelNames: ['consumer'],
      registers: [registry],
    }),
    consumerLag: new Gauge({
      name: 'consumer_lag',
      help: 'messages pending for a durable consumer',
      labelNames: ['consumer'],
      registers: [registry],
    }),
    parkedMessages: new Gauge({
      name: 'parked_messages',
      help: 'poison messages parked and not yet replayed',
      labelNames: ['consumer'],
      registers: [registry],
    }),
    refreshers: [],
  };
}
