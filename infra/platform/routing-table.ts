import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The routing table: `hosting.rewrites` of firebase.json. Each entry sends the paths its
 * regex matches to one 2nd-gen Cloud Run function (the service id is the function name and
 * its folder under functions/). Firebase Hosting, the local host, the bundler and the Pulumi
 * program all read this one table.
 * https://firebase.google.com/docs/hosting/full-config#rewrite-cloud-run-container
 */
export interface TRewrite {
  /** Function name = Cloud Run service id = folder functions/<serviceId>. */
  serviceId: string;
  /** Region the service runs in. */
  region: string;
  /** The rewrite's `regex` as written in firebase.json (RE2 syntax, anchored by hand). */
  regex: string;
}

const ZRewrite = z.object({
  regex: z.string().min(1),
  run: z.object({
    // Cloud Run service ids: lowercase letters, digits and hyphens, starting with a letter.
    serviceId: z.string().regex(/^[a-z][a-z0-9-]{0,48}[a-z0-9]$/),
    region: z.string().min(1),
  }),
});

const ZFirebaseJson = z.object({
  hosting: z.object({ rewrites: z.array(z.unknown()).default([]) }),
});

/** Parses firebase.json; keeps only Cloud Run rewrites (others, e.g. `destination`, are not functions). */
export function parseRoutingTable(firebaseJson: unknown): TRewrite[] {
  const rewrites = ZFirebaseJson.parse(firebaseJson).hosting.rewrites;
  const table = rewrites
    .filter((rewrite) => typeof rewrite === 'object' && rewrite !== null && 'run' in rewrite)
    .map((rewrite) => {
      const { regex, run } = ZRewrite.parse(rewrite);
      return { serviceId: run.serviceId, region: run.region, regex };
    });
  const seen = new Set<string>();
  for (const { serviceId } of table) {
    if (seen.has(serviceId)) throw new Error(`firebase.json: service ${serviceId} has two rewrites; give each function one regex`);
    seen.add(serviceId);
  }
  return table;
}

/** Reads `<rootDir>/firebase.json`. */
export async function readRoutingTable(rootDir: string): Promise<TRewrite[]> {
  return parseRoutingTable(JSON.parse(await readFile(join(rootDir, 'firebase.json'), 'utf8')));
}
