import { loadConfig } from './config.ts';
import { createPlatform } from './create-platform.ts';
import { lazy } from './platform.ts';

/** The platform of a deployed function: built from the environment on the first request. */
export const processPlatform = lazy(() => createPlatform(loadConfig()));
