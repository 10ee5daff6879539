/**
 * Cloud Monitoring for the deployed stack, from the metrics Google records anyway (Cloud Run
 * requests, Pub/Sub subscriptions, uptime checks): an uptime check on /api/health, alert
 * policies for downtime, 5xx ratio, p95 latency, queue backlog and dead letters, and one
 * dashboard. The self-hosted Prometheus/Grafana equivalent is in infra/monitoring/.
 * Cloud Tasks depth is charted but not alerted on: delayed tasks (reminders due in days) are
 * depth too, so a threshold would only measure how much is scheduled.
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import type { TStackConfig } from './stack-config.ts';

export interface TMonitoringInputs {
  config: TStackConfig;
  /** Function (= Cloud Run service) names. */
  services: readonly string[];
  /** Push subscription ids, whose oldest unacked message is the backlog. */
  pushSubscriptions: readonly string[];
  /** Dead-letter hold subscription ids, which must stay empty. */
  deadLetterSubscriptions: readonly string[];
  /** Cloud Tasks queue ids. */
  taskQueues: readonly string[];
  /** https://host of the portal, whose /api/health the uptime check calls. */
  publicUrl: string;
}

const oneOf = (values: readonly string[]) => `one_of(${values.map((value) => JSON.stringify(value)).join(', ')})`;

export function createMonitoring(inputs: TMonitoringInputs, dependsOn: pulumi.Resource[]) {
  const { config } = inputs;
  const opts = { dependsOn };
  const channel = config.alertEmail
    ? new gcp.monitoring.NotificationChannel('alert-email', { project: config.project, displayName: 'DealCycle alerts', type: 'email', labels: { email_address: config.alertEmail } }, opts)
    : undefined;
  const notificationChannels = channel ? [channel.name] : [];

  const host = new URL(inputs.publicUrl).host;
  const uptime = new gcp.monitoring.UptimeCheckConfig(
    'uptime-health',
    {
      project: config.project,
      displayName: `DealCycle ${host}/api/health`,
      timeout: '10s',
      period: '60s',
      httpCheck: { path: '/api/health', port: 443, useSsl: true, validateSsl: true, requestMethod: 'GET', acceptedResponseStatusCodes: [{ statusClass: 'STATUS_CLASS_2XX' }] },
      monitoredResource: { type: 'uptime_url', labels: { project_id: config.project, host } },
    },
    opts,
  );

  const runServices = `resource.type = "cloud_run_revision" AND resource.labels.service_name = ${oneOf(inputs.services)}`;
  const perService = { alignmentPeriod: '300s', perSeriesAligner: 'ALIGN_RATE', crossSeriesReducer: 'REDUCE_SUM', groupByFields: ['resource.labels.service_name'] };
  const policy = (name: string, displayName: string, documentation: string, condition: gcp.types.input.monitoring.AlertPolicyCondition) =>
    new gcp.monitoring.AlertPolicy(
      `alert-${name}`,
      {
        project: config.project,
        displayName,
        combiner: 'OR',
        conditions: [condition],
        notificationChannels,
        documentation: { content: documentation, mimeType: 'text/markdown' },
        userLabels: { app: 'dealcycle' },
      },
      opts,
    );

  const alerts = [
    policy('uptime', 'DealCycle is down', 'The uptime check on `/api/health` fails from several regions. Check the `ops` function logs and MongoDB reachability.', {
      displayName: 'uptime check failing',
      conditionThreshold: {
        filter: pulumi.interpolate`metric.type = "monitoring.googleapis.com/uptime_check/check_passed" AND resource.type = "uptime_url" AND metric.labels.check_id = "${uptime.uptimeCheckId}"`,
        aggregations: [{ alignmentPeriod: '300s', perSeriesAligner: 'ALIGN_NEXT_OLDER', crossSeriesReducer: 'REDUCE_COUNT_FALSE', groupByFields: ['resource.label.*'] }],
        comparison: 'COMPARISON_GT',
        thresholdValue: 1,
        duration: '60s',
        trigger: { count: 1 },
      },
    }),
    policy('error-ratio', 'DealCycle 5xx ratio', `More than ${config.alerts.errorRatio * 100}% of a function's requests answer 5xx over 5 minutes.`, {
      displayName: '5xx ratio per function',
      conditionThreshold: {
        filter: `${runServices} AND metric.type = "run.googleapis.com/request_count" AND metric.labels.response_code_class = "5xx"`,
        aggregations: [perService],
        denominatorFilter: `${runServices} AND metric.type = "run.googleapis.com/request_count"`,
        denominatorAggregations: [perService],
        comparison: 'COMPARISON_GT',
        thresholdValue: config.alerts.errorRatio,
        duration: '300s',
        trigger: { count: 1 },
      },
    }),
    policy('latency-p95', 'DealCycle p95 latency', `A function's p95 latency stays above ${config.alerts.p95LatencyMs} ms for 10 minutes.`, {
      displayName: 'p95 latency per function',
      conditionThreshold: {
        filter: `${runServices} AND metric.type = "run.googleapis.com/request_latencies"`,
        aggregations: [{ alignmentPeriod: '300s', perSeriesAligner: 'ALIGN_DELTA', crossSeriesReducer: 'REDUCE_PERCENTILE_95', groupByFields: ['resource.labels.service_name'] }],
        comparison: 'COMPARISON_GT',
        thresholdValue: config.alerts.p95LatencyMs,
        duration: '600s',
        trigger: { count: 1 },
      },
    }),
    policy('queue-backlog', 'DealCycle queue backlog', `A push subscription's oldest unacknowledged message is older than ${config.alerts.backlogAgeSeconds} s: the jobs function is failing or too slow.`, {
      displayName: 'oldest unacked message age',
      conditionThreshold: {
        filter: `resource.type = "pubsub_subscription" AND metric.type = "pubsub.googleapis.com/subscription/oldest_unacked_message_age" AND resource.labels.subscription_id = ${oneOf(inputs.pushSubscriptions)}`,
        aggregations: [{ alignmentPeriod: '60s', perSeriesAligner: 'ALIGN_MAX' }],
        comparison: 'COMPARISON_GT',
        thresholdValue: config.alerts.backlogAgeSeconds,
        duration: '300s',
        trigger: { count: 1 },
      },
    }),
    policy('dead-letters', 'DealCycle dead letters', 'Messages exhausted their delivery attempts and wait on a `*-dead-letter-hold` subscription. Read them, fix the cause, republish to the source topic.', {
      displayName: 'dead-letter subscription not empty',
      conditionThreshold: {
        filter: `resource.type = "pubsub_subscription" AND metric.type = "pubsub.googleapis.com/subscription/num_undelivered_messages" AND resource.labels.subscription_id = ${oneOf(inputs.deadLetterSubscriptions)}`,
        aggregations: [{ alignmentPeriod: '60s', perSeriesAligner: 'ALIGN_MAX' }],
        comparison: 'COMPARISON_GT',
        thresholdValue: 0,
        duration: '0s',
        trigger: { count: 1 },
      },
    }),
  ];

  const chart = (title: string, filter: string, aggregation: Record<string, unknown>, plotType = 'LINE') => ({
    title,
    xyChart: { dataSets: [{ plotType, timeSeriesQuery: { timeSeriesFilter: { filter, aggregation } } }] },
  });
  const tiles = [
    chart('Requests / s by function', `${runServices} AND metric.type = "run.googleapis.com/request_count"`, { ...perService, alignmentPeriod: '60s' }),
    chart('5xx / s by function', `${runServices} AND metric.type = "run.googleapis.com/request_count" AND metric.labels.response_code_class = "5xx"`, { ...perService, alignmentPeriod: '60s' }),
    chart('p95 latency (ms) by function', `${runServices} AND metric.type = "run.googleapis.com/request_latencies"`, {
      alignmentPeriod: '60s',
      perSeriesAligner: 'ALIGN_DELTA',
      crossSeriesReducer: 'REDUCE_PERCENTILE_95',
      groupByFields: ['resource.labels.service_name'],
    }),
    chart('Instances by function', `${runServices} AND metric.type = "run.googleapis.com/container/instance_count"`, {
      alignmentPeriod: '60s',
      perSeriesAligner: 'ALIGN_MAX',
      crossSeriesReducer: 'REDUCE_SUM',
      groupByFields: ['resource.labels.service_name'],
    }),
    chart('Oldest unacked message (s)', `resource.type = "pubsub_subscription" AND metric.type = "pubsub.googleapis.com/subscription/oldest_unacked_message_age" AND resource.labels.subscription_id = ${oneOf(inputs.pushSubscriptions)}`, {
      alignmentPeriod: '60s',
      perSeriesAligner: 'ALIGN_MAX',
    }),
    chart('Dead letters waiting', `resource.type = "pubsub_subscription" AND metric.type = "pubsub.googleapis.com/subscription/num_undelivered_messages" AND resource.labels.subscription_id = ${oneOf(inputs.deadLetterSubscriptions)}`, {
      alignmentPeriod: '60s',
      perSeriesAligner: 'ALIGN_MAX',
    }),
    chart('Cloud Tasks queue depth', `resource.type = "cloud_tasks_queue" AND metric.type = "cloudtasks.googleapis.com/queue/depth" AND resource.labels.queue_id = ${oneOf(inputs.taskQueues)}`, {
      alignmentPeriod: '60s',
      perSeriesAligner: 'ALIGN_MAX',
    }),
    chart('Uptime check passed', 'metric.type = "monitoring.googleapis.com/uptime_check/check_passed" AND resource.type = "uptime_url"', {
      alignmentPeriod: '60s',
      perSeriesAligner: 'ALIGN_FRACTION_TRUE',
      crossSeriesReducer: 'REDUCE_MEAN',
      groupByFields: ['metric.labels.check_id'],
    }),
  ];
  const dashboard = new gcp.monitoring.Dashboard(
    'dashboard',
    {
      project: config.project,
      dashboardJson: JSON.stringify({
        displayName: 'DealCycle',
        mosaicLayout: { columns: 48, tiles: tiles.map((widget, index) => ({ xPos: (index % 2) * 24, yPos: Math.floor(index / 2) * 16, width: 24, height: 16, widget })) },
      }),
    },
    opts,
  );
  return { uptime, alerts, dashboard, channel };
}
