/**
 * `npm run report -- --tenant <id> [--week YYYY-MM-DD] [--to subscribers|me]`: sends the weekly
 * executive report now (last week by default) through the configured email (SMTP_URL, or the
 * local outbox shown in the portal). With `npm start` running, the host sends it.
 */
import { loadConfig } from '../platform/config.ts';
import { runAnalyticsCommand } from './analytics-commands.ts';

try {
  const result = await runAnalyticsCommand('report', process.argv.slice(2), { config: loadConfig(), log: (line) => console.log(line) });
  console.log(JSON.stringify(result, null, 2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
