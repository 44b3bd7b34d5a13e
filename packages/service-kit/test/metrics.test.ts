import { describe, expect, it } from 'vitest';
import { createMetrics } from '../src/index.js';

// What a service's Prometheus scrape shows: the operator's view of requests, the outbox and the
// consumers (R-PV-3: a backlog, a retry or a parked message is seen, not silent).
describe('service metrics (R-PV-3)', () => {
  it('R-PV-3: each metric is in the service’s own registry, labelled with the service and its own labels', async () => {
    const m = createMetrics('metrics-test', { defaultMetrics: false });
    expect(m.refreshers).toEqual([]);
    m.httpRequests.inc({ method: 'GET', route: '/v1/x', status: '200' });
    m.httpDuration.observe({ method: 'GET', route: '/v1/x' }, 0.003);
    m.outboxBacklog.set(4);
    m.outboxPublished.inc(2);
    m.consumerProcessed.inc({ consumer: 'c', outcome: 'parked' });
    m.consumerRedeliveries.inc({ consumer: 'c' });
    m.consumerLag.set({ consumer: 'c' }, 7);
    m.parkedMessages.set({ consumer: 'c' }, 1);
    const text = await m.registry.metrics();
    for (const line of [
      'http_requests_total{method="GET",route="/v1/x",status="200",service="metrics-test"} 1',
      // The first buckets are fine enough to tell a 2 ms answer from a 5 ms one.
      'http_request_duration_seconds_bucket{le="0.002",service="metrics-test",method="GET",route="/v1/x"} 0',
      'http_request_duration_seconds_bucket{le="0.005",service="metrics-test",method="GET",route="/v1/x"} 1',
      'http_request_duration_seconds_bucket{le="10",service="metrics-test",method="GET",route="/v1/x"} 1',
      'outbox_backlog{service="metrics-test"} 4',
      'outbox_published_total{service="metrics-test"} 2',
      'consumer_messages_total{consumer="c",outcome="parked",service="metrics-test"} 1',
      'consumer_redeliveries_total{consumer="c",service="metrics-test"} 1',
      'consumer_lag{consumer="c",service="metrics-test"} 7',
      'parked_messages{consumer="c",service="metrics-test"} 1',
    ])
      expect(text.split('\n')).toContain(line);
    // Without the default metrics, only the service's own are there.
    expect(text).not.toMatch(/^process_cpu/m);
  });

  it('R-PV-3: the process metrics are collected unless turned off, and two services do not share a registry', async () => {
    const a = createMetrics('metrics-a');
    const b = createMetrics('metrics-b');
    a.outboxBacklog.set(3);
    expect(await a.registry.metrics()).toMatch(/^process_cpu_user_seconds_total\{service="metrics-a"\} /m);
    expect(await b.registry.metrics()).toMatch(/^outbox_backlog\{service="metrics-b"\} 0$/m);
  });
});
