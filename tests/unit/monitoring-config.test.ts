import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { createMetrics, METRIC_NAMES } from '../../infra/http/metrics.ts';

const monitoringDir = resolve(import.meta.dirname, '..', '..', 'infra', 'monitoring');

const ZPrometheusConfig = z.object({
  global: z.object({ scrape_interval: z.string(), evaluation_interval: z.string() }),
  rule_files: z.array(z.string()),
  scrape_configs: z.array(
    z.object({
      job_name: z.string(),
      metrics_path: z.string(),
      static_configs: z.array(z.object({ targets: z.array(z.string()).min(1), labels: z.record(z.string(), z.string()).optional() })),
    }),
  ),
});

const ZAlertRules = z.object({
  groups: z.array(
    z.object({
      name: z.string(),
      rules: z.array(
        z.strictObject({
          alert: z.string(),
          expr: z.string(),
          for: z.string(),
          labels: z.object({ severity: z.enum(['page', 'ticket']) }),
          annotations: z.object({ summary: z.string() }),
        }),
      ),
    }),
  ),
});

const ZDashboard = z.object({
  uid: z.string(),
  title: z.string(),
  schemaVersion: z.number(),
  templating: z.object({ list: z.array(z.object({ name: z.string(), definition: z.string().optional() })) }),
  panels: z.array(z.object({ id: z.number(), title: z.string(), targets: z.array(z.object({ refId: z.string(), expr: z.string() })).min(1) })),
});

/** PromQL words that are not metric names. */
const PROMQL_WORDS = new Set(
  'sum min max avg count rate irate increase histogram_quantile by without on ignoring group_left group_right and or unless bool offset abs clamp_min clamp_max label_values topk bottomk'.split(' '),
);

/** Metric names a PromQL expression reads: identifiers outside strings, label matchers, ranges and groupings. */
function metricsIn(expr: string): string[] {
  const bare = expr
    .replace(/label_values\(([^,)]+),[^)]*\)/g, '$1')
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, ' ');
  return (bare.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? []).filter((word) => !PROMQL_WORDS.has(word));
}

/** Label names an expression filters or groups on (or a Grafana variable lists). */
function labelsIn(expr: string): string[] {
  const matchers = [...expr.matchAll(/\{([^}]*)\}/g)].flatMap((match) => [...(match[1] ?? '').matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)].map((m) => m[1] ?? ''));
  const groupings = [...expr.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)].flatMap((match) => (match[1] ?? '').split(',').map((label) => label.trim()));
  const variables = [...expr.matchAll(/label_values\([^,)]+,\s*(\w+)\s*\)/g)].map((match) => match[1] ?? '');
  return [...matchers, ...groupings, ...variables].filter(Boolean);
}

describe('self-hosted monitoring config', () => {
  let exportedMetrics: Set<string>;
  let exportedLabels: Set<string>;
  let prometheus: z.infer<typeof ZPrometheusConfig>;
  let rules: z.infer<typeof ZAlertRules>;
  let dashboard: z.infer<typeof ZDashboard>;
  let dashboardExprs: string[];

  beforeAll(async () => {
    // What the code really exposes: one sample on every labelled series, then a scrape.
    const metrics = createMetrics(async () => [{ topic: 'jobs', ready: 1, scheduled: 2, deadLetters: 0 }]);
    metrics.requests.inc({ function: 'leads', route: '/api/leads', method: 'GET', status: '200' });
    metrics.duration.observe({ function: 'leads', route: '/api/leads', method: 'GET', status: '200' }, 0.01);
    metrics.queueDeliveries.inc({ topic: 'jobs', outcome: 'ok' });
    const exposition = await metrics.registry.metrics();
    const samples = exposition.split('\n').filter((line) => line && !line.startsWith('#'));
    exportedMetrics = new Set(['up', ...samples.map((line) => line.split(/[{ ]/)[0] ?? '')]);
    exportedLabels = new Set(samples.flatMap((line) => [...line.matchAll(/([a-zA-Z_]\w*)="/g)].map((m) => m[1] ?? '')));

    prometheus = ZPrometheusConfig.parse(parse(await readFile(join(monitoringDir, 'prometheus.yml'), 'utf8')));
    // Prometheus adds `job` and `instance` to every series; static_configs may add more.
    for (const label of ['job', 'instance', ...prometheus.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => Object.keys(s.labels ?? {})))]) exportedLabels.add(label);
    rules = ZAlertRules.parse(parse(await readFile(join(monitoringDir, 'alert-rules.yml'), 'utf8')));
    dashboard = ZDashboard.parse(JSON.parse(await readFile(join(monitoringDir, 'grafana-dashboard.json'), 'utf8')));
    dashboardExprs = [
      ...dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr)),
      ...dashboard.templating.list.flatMap((variable) => (variable.definition ? [variable.definition] : [])),
    ];
  });

  it('scrapes /metrics and loads alert rule files that exist', () => {
    expect(prometheus.scrape_configs.map((config) => config.metrics_path)).toEqual(['/metrics']);
    for (const file of prometheus.rule_files) expect(existsSync(join(monitoringDir, file)), file).toBe(true);
  });

  it('reads only metrics the code exports, in the dashboard and in the alert rules', () => {
    const exprs = [...dashboardExprs, ...rules.groups.flatMap((group) => group.rules.map((rule) => rule.expr))];
    const unknown = exprs.flatMap(metricsIn).filter((name) => !exportedMetrics.has(name));
    expect(unknown).toEqual([]);
    for (const expr of exprs) expect(metricsIn(expr), expr).not.toEqual([]);
  });

  it('filters and groups only on labels the code exports', () => {
    const exprs = [...dashboardExprs, ...rules.groups.flatMap((group) => group.rules.map((rule) => rule.expr))];
    expect(exprs.flatMap(labelsIn).filter((label) => !exportedLabels.has(label))).toEqual([]);
  });

  it('shows uptime, traffic, error rate, latency, queue depth and dead letters on the dashboard', () => {
    const used = new Set(dashboardExprs.flatMap(metricsIn));
    expect(used).toContain('up');
    for (const name of [METRIC_NAMES.requests, `${METRIC_NAMES.duration}_bucket`, METRIC_NAMES.queueDepth, METRIC_NAMES.queueDeliveries, METRIC_NAMES.queueDeadLetters]) {
      expect(used, name).toContain(name);
    }
    expect(dashboardExprs.some((expr) => expr.includes('status=~"5.."'))).toBe(true);
  });

  it('alerts on downtime, 5xx rate, p95 latency, queue backlog and dead letters', () => {
    const byAlert = new Map(rules.groups.flatMap((group) => group.rules.map((rule) => [rule.alert, rule.expr] as const)));
    expect([...byAlert.keys()]).toEqual(['DealCycleDown', 'DealCycleHighErrorRate', 'DealCycleSlowRequests', 'DealCycleQueueBacklog', 'DealCycleDeadLetters']);
    expect(byAlert.get('DealCycleSlowRequests')).toContain('histogram_quantile(0.95');
    expect(byAlert.get('DealCycleDeadLetters')).toContain(METRIC_NAMES.queueDeadLetters);
  });

  it('gives every dashboard panel a unique id', () => {
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
