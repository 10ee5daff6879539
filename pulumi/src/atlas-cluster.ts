/**
 * Optional MongoDB Atlas cluster, application user and IP access list, through the Atlas
 * provider (credentials in stack config: `mongodbatlas:clientId` / `mongodbatlas:clientSecret`,
 * or `publicKey` / `privateKey`, as secrets). Its connection string becomes the MONGODB_URI
 * secret; without `dealcycle:atlas` the stack expects `dealcycle:mongodbUri` instead.
 */
import * as mongodbatlas from '@pulumi/mongodbatlas';
import * as pulumi from '@pulumi/pulumi';
import type { TStackConfig } from './stack-config.ts';

export function createAtlasCluster(config: TStackConfig): { mongodbUri: pulumi.Output<string> } | undefined {
  const atlas = config.atlas;
  if (!atlas || !config.atlasPassword) return undefined;
  const opts = { protect: config.protect };
  const srv =
    atlas.tier === 'flex'
      ? new mongodbatlas.FlexCluster(
          'atlas-cluster',
          { projectId: atlas.projectId, name: atlas.clusterName, providerSettings: { backingProviderName: 'GCP', regionName: atlas.region }, terminationProtectionEnabled: config.protect },
          opts,
        ).connectionStrings.standardSrv
      : new mongodbatlas.AdvancedCluster(
          'atlas-cluster',
          {
            projectId: atlas.projectId,
            name: atlas.clusterName,
            clusterType: 'REPLICASET',
            backupEnabled: true,
            terminationProtectionEnabled: config.protect,
            replicationSpecs: [
              { regionConfigs: [{ providerName: 'GCP', regionName: atlas.region, priority: 7, electableSpecs: { instanceSize: atlas.instanceSize, nodeCount: 3 } }] },
            ],
          },
          opts,
        ).connectionStrings.standardSrv;

  const user = new mongodbatlas.DatabaseUser('atlas-app-user', {
    projectId: atlas.projectId,
    authDatabaseName: 'admin',
    username: atlas.username,
    password: config.atlasPassword,
    roles: [{ roleName: 'readWrite', databaseName: atlas.databaseName }],
    scopes: [{ name: atlas.clusterName, type: 'CLUSTER' }],
  });
  for (const [index, cidrBlock] of atlas.accessCidrs.entries()) {
    new mongodbatlas.ProjectIpAccessList(`atlas-access-${index}`, { projectId: atlas.projectId, cidrBlock, comment: 'DealCycle functions' });
  }
  const mongodbUri = pulumi
    .all([srv, user.username, config.atlasPassword])
    .apply(([standardSrv, username, password]) => {
      const url = new URL(standardSrv);
      url.username = encodeURIComponent(username);
      url.password = encodeURIComponent(password);
      url.pathname = `/${atlas.databaseName}`;
      url.search = '?retryWrites=true&w=majority';
      return url.toString();
    });
  return { mongodbUri: pulumi.secret(mongodbUri) };
}
