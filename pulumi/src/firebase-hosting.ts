import * as gcp from '@pulumi/gcp';
import type * as pulumi from '@pulumi/pulumi';
import type { TStackConfig } from './stack-config.ts';

/**
 * Firebase on the project, the portal's web app (its config is what the browser SDK needs for
 * sign-in; Hosting also serves it at /__/firebase/init.json) and the Hosting site that
 * `firebase deploy --only hosting` fills with site/dist and the rewrites of firebase.json.
 * The Google sign-in provider is switched on once in the console (see README): its OAuth
 * client cannot be created through an API.
 */
export function createFirebaseHosting(config: TStackConfig, dependsOn: pulumi.Resource[]) {
  const firebase = new gcp.firebase.Project('firebase', { project: config.project }, { dependsOn });
  const withFirebase = { dependsOn: [...dependsOn, firebase] };
  const webApp = new gcp.firebase.WebApp('portal-web-app', { project: config.project, displayName: 'DealCycle portal', deletionPolicy: 'DELETE' }, withFirebase);
  const siteId = config.hostingSiteId ?? config.project;
  const site = new gcp.firebase.HostingSite('hosting-site', { project: config.project, siteId, appId: webApp.appId }, withFirebase);
  const webConfig = gcp.firebase.getWebAppConfigOutput({ project: config.project, webAppId: webApp.appId });
  // The default site is reachable at <site>.web.app; a custom domain replaces it in PUBLIC_URL.
  const publicUrl = config.publicUrl?.replace(/\/$/, '') ?? `https://${siteId}.web.app`;
  return { firebase, webApp, site, siteId, publicUrl, webConfig };
}
