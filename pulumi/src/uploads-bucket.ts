/**
 * The uploads bucket: files on their way from a request to a background job (CSV imports,
 * infra/google/cloud-storage-blob-store.ts). Private, uniform access, and objects expire after
 * a week: a finished import deletes its file, so only abandoned drafts ever reach the rule.
 */
import * as gcp from '@pulumi/gcp';
import type * as pulumi from '@pulumi/pulumi';
import type { TStackConfig } from './stack-config.ts';

export const UPLOAD_RETENTION_DAYS = 7;

export function createUploadsBucket(config: TStackConfig, dependsOn: pulumi.Resource[]): gcp.storage.Bucket {
  return new gcp.storage.Bucket(
    'uploads',
    {
      project: config.project,
      location: config.region,
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      lifecycleRules: [{ action: { type: 'Delete' }, condition: { age: UPLOAD_RETENTION_DAYS } }],
      labels: { app: 'dealcycle' },
    },
    { dependsOn },
  );
}
