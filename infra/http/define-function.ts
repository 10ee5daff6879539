import type { TPlatform } from '../platform/platform.ts';
import { createRequestHandler, type TRequestHandler } from './pipeline.ts';
import type { TRoute } from './route.ts';

/** A deployable HTTP function: a name (its Cloud Run service id in firebase.json) and its routes. */
export interface TFunctionDefinition {
  name: string;
  routes: readonly TRoute[];
  createHandler(getPlatform: () => Promise<TPlatform>): TRequestHandler;
}

export function defineFunction(name: string, routes: readonly TRoute[]): TFunctionDefinition {
  return { name, routes, createHandler: (getPlatform) => createRequestHandler(name, routes, getPlatform) };
}
