/**
 * Asynchronous delivery (shared/ports/queue.ts): a Pub/Sub topic per TOPICS entry, pushed to
 * `<jobs URL>/api/jobs/<topic>` with a Google-signed OIDC token of the push identity; failures
 * retry with backoff and, after maxDeliveryAttempts, park on `<topic>-dead-letter`, where a
 * pull subscription keeps them for inspection and replay. Cloud Tasks queues named like the
 * topics deliver delayed work to the same receiver; Cloud Scheduler publishes the recurring
 * jobs of shared/jobs/schedules.ts to the `jobs` topic.
 * https://cloud.google.com/pubsub/docs/handling-failures
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import type { TSchedule } from '../../shared/jobs/schedules.ts';
import { TOPICS, type TTopic } from '../../shared/ports/queue.ts';
import { SCHEDULED_TOPICS, type TScheduledTopic } from './function-access.ts';
import type { TStackConfig } from './stack-config.ts';

export interface TQueueTopologyInputs {
  config: TStackConfig;
  /** Identity whose OIDC token push requests and tasks carry (PUSH_SERVICE_ACCOUNT). */
  pushServiceAccount: gcp.serviceaccount.Account;
  /** Base URL of the `jobs` function (JOBS_URL). */
  jobsUrl: pulumi.Input<string>;
  /** Audience of the OIDC tokens (PUSH_AUDIENCE). */
  pushAudience: pulumi.Input<string>;
  /** Seconds the jobs function may take per push: Pub/Sub waits that long for the answer. */
  pushAckDeadlineSeconds: number;
  schedules: readonly TSchedule[];
}

export function createQueueTopology(inputs: TQueueTopologyInputs, dependsOn: pulumi.Resource[]) {
  const { config } = inputs;
  const opts = { dependsOn };
  const labels = { app: 'dealcycle' };
  // Pub/Sub's own service agent mints push tokens and moves messages to dead-letter topics.
  const pubsubAgent = new gcp.projects.ServiceIdentity('pubsub-service-agent', { project: config.project, service: 'pubsub.googleapis.com' }, opts);
  const tokenCreator = new gcp.serviceaccount.IAMMember(
    'pubsub-agent-mints-push-tokens',
    { serviceAccountId: inputs.pushServiceAccount.name, role: 'roles/iam.serviceAccountTokenCreator', member: pubsubAgent.member },
    opts,
  );

  const topics = new Map<TTopic, gcp.pubsub.Topic>();
  const deadLetterTopics = new Map<TTopic, gcp.pubsub.Topic>();
  const pushSubscriptions = new Map<TTopic, gcp.pubsub.Subscription>();
  const deadLetterSubscriptions = new Map<TTopic, gcp.pubsub.Subscription>();
  for (const name of TOPICS) {
    const topic = new gcp.pubsub.Topic(`topic-${name}`, { project: config.project, name, labels }, opts);
    const deadLetter = new gcp.pubsub.Topic(`topic-${name}-dead-letter`, { project: config.project, name: `${name}-dead-letter`, labels }, opts);
    // A topic without subscriptions drops what it receives: this one keeps dead letters 7 days.
    const hold = new gcp.pubsub.Subscription(
      `subscription-${name}-dead-letter`,
      {
        project: config.project,
        name: `${name}-dead-letter-hold`,
        topic: deadLetter.id,
        ackDeadlineSeconds: 60,
        messageRetentionDuration: '604800s',
        expirationPolicy: { ttl: '' },
        labels,
      },
      opts,
    );
    const deadLetterPublisher = new gcp.pubsub.TopicIAMMember(
      `topic-${name}-dead-letter-publisher`,
      { project: config.project, topic: deadLetter.name, role: 'roles/pubsub.publisher', member: pubsubAgent.member },
      opts,
    );
    const push = new gcp.pubsub.Subscription(
      `subscription-${name}-push`,
      {
        project: config.project,
        name: `${name}-push`,
        topic: topic.id,
        ackDeadlineSeconds: inputs.pushAckDeadlineSeconds,
        pushConfig: {
          pushEndpoint: pulumi.interpolate`${inputs.jobsUrl}/api/jobs/${name}`,
          oidcToken: { serviceAccountEmail: inputs.pushServiceAccount.email, audience: inputs.pushAudience },
        },
        retryPolicy: {
          minimumBackoff: `${config.pubsub.minimumBackoffSeconds}s`,
          maximumBackoff: `${config.pubsub.maximumBackoffSeconds}s`,
        },
        deadLetterPolicy: { deadLetterTopic: deadLetter.id, maxDeliveryAttempts: config.pubsub.maxDeliveryAttempts },
        // Subscriptions expire after 31 idle days by default; a quiet tenant base must not lose its queue.
        expirationPolicy: { ttl: '' },
        labels,
      },
      { dependsOn: [...dependsOn, tokenCreator, deadLetterPublisher] },
    );
    new gcp.pubsub.SubscriptionIAMMember(
      `subscription-${name}-push-dead-letter-subscriber`,
      { project: config.project, subscription: push.name, role: 'roles/pubsub.subscriber', member: pubsubAgent.member },
      opts,
    );
    topics.set(name, topic);
    deadLetterTopics.set(name, deadLetter);
    pushSubscriptions.set(name, push);
    deadLetterSubscriptions.set(name, hold);
  }

  const queues = new Map<TScheduledTopic, gcp.cloudtasks.Queue>();
  for (const name of SCHEDULED_TOPICS) {
    queues.set(
      name,
      new gcp.cloudtasks.Queue(
        `tasks-${name}`,
        {
          project: config.project,
          location: config.region,
          name,
          rateLimits: { maxDispatchesPerSecond: config.tasks.maxDispatchesPerSecond, maxConcurrentDispatches: config.tasks.maxConcurrentDispatches },
          retryConfig: {
            maxAttempts: config.tasks.maxAttempts,
            minBackoff: `${config.tasks.minBackoffSeconds}s`,
            maxBackoff: `${config.tasks.maxBackoffSeconds}s`,
            maxDoublings: 5,
          },
          stackdriverLoggingConfig: { samplingRatio: 0.1 },
        },
        opts,
      ),
    );
  }

  const jobsTopic = topics.get('jobs');
  if (!jobsTopic) throw new Error('shared/ports/queue.ts TOPICS lost the `jobs` topic that scheduled jobs publish to');
  const schedulerJobs = inputs.schedules.map(
    (schedule) =>
      new gcp.cloudscheduler.Job(
        `schedule-${schedule.job.replace(/\./g, '-')}`,
        {
          project: config.project,
          region: config.region,
          name: schedule.job.replace(/\./g, '-'),
          description: schedule.description,
          schedule: schedule.cron,
          timeZone: schedule.timeZone,
          pubsubTarget: { topicName: jobsTopic.id, data: Buffer.from('{}').toString('base64'), attributes: { job: schedule.job } },
          retryConfig: { retryCount: 1 },
        },
        opts,
      ),
  );

  return { topics, deadLetterTopics, pushSubscriptions, deadLetterSubscriptions, queues, schedulerJobs };
}

export type TQueueTopology = ReturnType<typeof createQueueTopology>;
