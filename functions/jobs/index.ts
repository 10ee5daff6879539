import { AppError } from '../../shared/errors/app-error.ts';
import { ZPushEnvelope, ZTopicParams } from '../../shared/jobs/push-envelope.schemas.ts';
import { defineFunction } from '../../infra/http/define-function.ts';
import { Reply } from '../../infra/http/reply.ts';
import { defineRoute } from '../../infra/http/route.ts';
import { runPushMessage } from '../../infra/jobs/run-push-message.ts';
import { processPlatform } from '../../infra/platform/process-platform.ts';

/**
 * Receiver of every queued message: Pub/Sub push subscriptions and Cloud Tasks in
 * production, the embedded queue locally. A non-2xx answer makes the queue retry, and
 * after its retry budget park the message in a dead-letter topic.
 */
export const definition = defineFunction('jobs', [
  defineRoute({
    method: 'POST',
    path: '/api/jobs/:topic',
    summary: 'Queue push endpoint (OIDC-authenticated; not for clients)',
    access: 'public',
    unlimited: true,
    params: ZTopicParams,
    body: ZPushEnvelope,
    maxBodyBytes: 4 * 1024 * 1024,
    tags: ['internal'],
    handler: async ({ platform, system, request, params, body, log }) => {
      if (!(await (await platform.pushVerifier()).verify(request.headers.authorization))) {
        throw new AppError('unauthenticated', 'Push requests must carry the queue\'s token');
      }
      const outcome = await runPushMessage(platform, system, params.topic, body);
      log.debug({ messageId: body.message.messageId, job: body.message.attributes?.job, outcome }, 'Job message handled');
      return Reply.empty(204);
    },
  }),
]);

export const handler = definition.createHandler(processPlatform);
