import * as gcp from '@pulumi/gcp';
import type * as pulumi from '@pulumi/pulumi';
import type { TStackConfig } from './stack-config.ts';

/** Google APIs the stack uses; each resource below depends on them being enabled. */
export const REQUIRED_APIS = [
  'aiplatform.googleapis.com', // Gemini on Vertex AI
  'artifactregistry.googleapis.com', // function images
  'cloudbuild.googleapis.com', // function builds
  'cloudfunctions.googleapis.com',
  'cloudresourcemanager.googleapis.com',
  'cloudscheduler.googleapis.com',
  'cloudtasks.googleapis.com',
  'firebase.googleapis.com',
  'firebasehosting.googleapis.com',
  'firestore.googleapis.com',
  'iam.googleapis.com',
  'iamcredentials.googleapis.com', // OIDC tokens for push and tasks
  'identitytoolkit.googleapis.com', // Firebase Auth
  'logging.googleapis.com',
  'monitoring.googleapis.com',
  'pubsub.googleapis.com',
  'run.googleapis.com',
  'secretmanager.googleapis.com',
  'storage.googleapis.com',
] as const;

export function enableApis(config: TStackConfig): pulumi.Resource[] {
  return REQUIRED_APIS.map(
    (service) =>
      new gcp.projects.Service(`api-${service.split('.')[0]}`, {
        project: config.project,
        service,
        // Other workloads in the project may use the same API.
        disableOnDestroy: false,
        disableDependentServices: false,
      }),
  );
}
