/**
 * What each function may touch, and so what its own service account is granted. Least
 * privilege lives here: a function that does not publish to a topic gets no publisher
 * binding on it, one that does not send SMS never sees the Twilio secrets. A function in
 * firebase.json but not in this table runs with DEFAULT_ACCESS.
 */
import type { TTopic } from '../../shared/ports/queue.ts';
import type { TSecretEnv } from './secret-catalog.ts';

/** Topics that also have a Cloud Tasks queue, for delayed delivery (workflow delays, scheduled sends). */
export const SCHEDULED_TOPICS = ['workflow-steps', 'jobs'] as const satisfies readonly TTopic[];
export type TScheduledTopic = (typeof SCHEDULED_TOPICS)[number];

export interface TFunctionAccess {
  /** Secrets mounted as environment variables. */
  secrets: readonly TSecretEnv[];
  /** Pub/Sub topics it publishes to. */
  publishes: readonly TTopic[];
  /** Cloud Tasks queues it enqueues into; their tasks carry an OIDC token of the push identity. */
  schedules: readonly TScheduledTopic[];
  /** Reads and writes the Firestore idempotency ledger and rate limits. */
  firestore: boolean;
  /** Calls Gemini on Vertex AI (AI_PROVIDER=gemini); otherwise the rules provider answers. */
  vertexAi: boolean;
  /** Creates Firebase Auth users and sets custom claims (tenant, role). */
  firebaseAuthAdmin: boolean;
  /** Reads and writes the uploads bucket (CSV files handed from the API to the import job). */
  uploads: boolean;
}

export const DEFAULT_ACCESS: TFunctionAccess = {
  secrets: ['MONGODB_URI', 'METRICS_TOKEN'],
  publishes: ['domain-events'],
  schedules: [],
  firestore: true,
  vertexAi: false,
  firebaseAuthAdmin: false,
  uploads: false,
};

const reader: TFunctionAccess = { ...DEFAULT_ACCESS, publishes: [] };

export const FUNCTION_ACCESS: Readonly<Record<string, TFunctionAccess>> = {
  ops: reader,
  search: reader,
  notifications: reader,
  tenants: { ...DEFAULT_ACCESS, firebaseAuthAdmin: true },
  users: { ...DEFAULT_ACCESS, secrets: [...DEFAULT_ACCESS.secrets, 'SMTP_URL'], firebaseAuthAdmin: true },
  // CSV imports run as jobs; named tasks (schedule) make "start import X" happen once. The
  // uploaded file waits for the job in the uploads bucket.
  leads: { ...DEFAULT_ACCESS, publishes: ['domain-events', 'jobs'], schedules: ['jobs'], vertexAi: true, uploads: true },
  buyers: { ...DEFAULT_ACCESS, publishes: ['domain-events', 'jobs'], schedules: ['jobs'], uploads: true },
  deals: { ...DEFAULT_ACCESS, vertexAi: true },
  'follow-ups': { ...DEFAULT_ACCESS, schedules: ['jobs'] },
  communications: {
    ...DEFAULT_ACCESS,
    secrets: [...DEFAULT_ACCESS.secrets, 'SMTP_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'],
    schedules: ['jobs'],
    vertexAi: true,
  },
  // Twilio webhooks: the auth token validates X-Twilio-Signature.
  twilio: { ...DEFAULT_ACCESS, secrets: [...DEFAULT_ACCESS.secrets, 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'] },
  // The workflow API only reads and writes the store: executions start and run in `jobs` (events,
  // named step tasks on workflow-steps), so this function publishes nothing.
  automation: reader,
  // Sends the weekly report on demand (POST /api/analytics/reports/weekly/send) over SMTP.
  analytics: { ...DEFAULT_ACCESS, secrets: [...DEFAULT_ACCESS.secrets, 'SMTP_URL'], publishes: ['jobs'], schedules: ['jobs'], vertexAi: true },
  // The queue worker: runs workflow steps, imports, reports and every scheduled job.
  jobs: {
    secrets: [...DEFAULT_ACCESS.secrets, 'SMTP_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'],
    publishes: ['domain-events', 'workflow-steps', 'jobs'],
    schedules: ['workflow-steps', 'jobs'],
    firestore: true,
    vertexAi: true,
    firebaseAuthAdmin: false,
    uploads: true,
  },
};

export function accessOf(functionName: string): TFunctionAccess {
  return FUNCTION_ACCESS[functionName] ?? DEFAULT_ACCESS;
}
