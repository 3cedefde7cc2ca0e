/**
 * A small Prometheus registry: counters, gauges and one histogram, exposed in
 * the text format at /metrics. Small on purpose: it is updated on the hot read
 * path, where one Map lookup per request is all it may cost.
 */

/** Upper bounds of the latency buckets, in seconds. */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface RequestSeries {
  method: string;
  route: string;
  status: number;
  count: number;
}

interface LatencySeries {
  route: string;
  buckets: number[];
  sum: number;
  count: number;
}

/** The registry's metrics. */
export class Metrics {
  private readonly requests = new Map<string, RequestSeries>();
  private readonly latency = new Map<string, LatencySeries>();
  private published = 0;
  private hotHits = 0;
  /** Delivery attempts by `kind outcome`. */
  private readonly deliveries = new Map<string, number>();
  private readonly startedAt = Date.now() / 1000;
  /** Read at scrape time (e.g. hot cache size). */
  private readonly gauges = new Map<string, { help: string; read: () => number }>();

  /** Records one finished request. `route` is the route pattern, never the raw path (bounded label values). */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route} ${status}`;
    const series = this.requests.get(key);
    if (series) series.count++;
    else this.requests.set(key, { method, route, status, count: 1 });
    let lat = this.latency.get(route);
    if (!lat) {
      lat = { route, buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.latency.set(route, lat);
    }
    lat.sum += seconds;
    lat.count++;
    for (let i = 0; i < LATENCY_BUCKETS.length; i++) {
      if (seconds <= (LATENCY_BUCKETS[i] as number)) {
        lat.buckets[i] = (lat.buckets[i] as number) + 1;
        break;
      }
    }
  }

  /** Counts a version that became published. */
  versionPublished(): void {
    this.published++;
  }

  /** Counts one delivery attempt and what it came to (delivered, retry, failed). */
  deliveryAttempt(kind: string, outcome: 'delivered' | 'retry' | 'failed'): void {
    const key = `${kind} ${outcome}`;
    this.deliveries.set(key, (this.deliveries.get(key) ?? 0) + 1);
  }

  /** Counts a request answered by the hot cache. */
  hotCacheHit(): void {
    this.hotHits++;
  }

  /** Registers a gauge read at scrape time. */
  gauge(name: string, help: string, read: () => number): void {
    this.gauges.set(name, { help, read });
  }

  /** The Prometheus text exposition (version 0.0.4). */
  render(): string {
    const out: string[] = [];
    out.push('# HELP rubric_registry_http_requests_total HTTP requests by method, route and status.');
    out.push('# TYPE rubric_registry_http_requests_total counter');
    for (const s of this.requests.values()) out.push(`rubric_registry_http_requests_total{method="${esc(s.method)}",route="${esc(s.route)}",status="${s.status}"} ${s.count}`);
    out.push('# HELP rubric_registry_http_request_duration_seconds Time to answer a request, by route.');
    out.push('# TYPE rubric_registry_http_request_duration_seconds histogram');
    for (const s of this.latency.values()) {
      let cumulative = 0;
      LATENCY_BUCKETS.forEach((le, i) => {
        cumulative += s.buckets[i] as number;
        out.push(`rubric_registry_http_request_duration_seconds_bucket{route="${esc(s.route)}",le="${le}"} ${cumulative}`);
      });
      out.push(`rubric_registry_http_request_duration_seconds_bucket{route="${esc(s.route)}",le="+Inf"} ${s.count}`);
      out.push(`rubric_registry_http_request_duration_seconds_sum{route="${esc(s.route)}"} ${s.sum}`);
      out.push(`rubric_registry_http_request_duration_seconds_count{route="${esc(s.route)}"} ${s.count}`);
    }
    out.push('# HELP rubric_registry_versions_published_total Versions published by this instance.');
    out.push('# TYPE rubric_registry_versions_published_total counter');
    out.push(`rubric_registry_versions_published_total ${this.published}`);
    out.push('# HELP rubric_registry_hot_cache_hits_total Reads answered from the in-memory hot cache.');
    out.push('# TYPE rubric_registry_hot_cache_hits_total counter');
    out.push(`rubric_registry_hot_cache_hits_total ${this.hotHits}`);
    out.push('# HELP rubric_registry_delivery_attempts_total Delivery attempts by this instance, by target kind and outcome (delivered, retry, failed).');
    out.push('# TYPE rubric_registry_delivery_attempts_total counter');
    for (const [key, count] of this.deliveries) {
      const [kind, outcome] = key.split(' ') as [string, string];
      out.push(`rubric_registry_delivery_attempts_total{kind="${esc(kind)}",outcome="${outcome}"} ${count}`);
    }
    for (const [name, g] of this.gauges) {
      out.push(`# HELP ${name} ${g.help}`);
      out.push(`# TYPE ${name} gauge`);
      out.push(`${name} ${g.read()}`);
    }
    const mem = process.memoryUsage();
    out.push('# HELP process_resident_memory_bytes Resident memory size in bytes.');
    out.push('# TYPE process_resident_memory_bytes gauge');
    out.push(`process_resident_memory_bytes ${mem.rss}`);
    out.push('# HELP process_start_time_seconds Start time of the process since the Unix epoch in seconds.');
    out.push('# TYPE process_start_time_seconds gauge');
    out.push(`process_start_time_seconds ${Math.floor(this.startedAt)}`);
    return `${out.join('\n')}\n`;
  }
}

/** Media type of the Prometheus text format. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function esc(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
