/**
 * `npm run rollup -- --tenant <id|all> [--from YYYY-MM-DD] [--to YYYY-MM-DD]`: recomputes the
 * `analytics_daily` rollups of whole days (default: the last seven), as the nightly job does.
 * Safe to repeat. See analytics-commands.ts for how it reaches a store `npm start` holds.
 */
import { loadConfig } from '../platform/config.ts';
import { runAnalyticsCommand } from './analytics-commands.ts';

try {
  const result = await runAnalyticsCommand('rollup', process.argv.slice(2), { config: loadConfig(), log: (line) => console.log(line) });
  console.log(JSON.stringify(result, null, 2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
