import { pino, type Logger } from 'pino';

export type TLogger = Logger;

/**
 * JSON logs in Cloud Logging's structured format: `severity`, `message`, and the trace
 * fields that correlate every line of one request in the Logs Explorer.
 * https://cloud.google.com/logging/docs/structured-logging#special-payload-fields
 */
export function createLogger(options: { level: string; projectId: string; destination?: pino.DestinationStream }): TLogger {
  return pino(
    {
      level: options.level,
      messageKey: 'message',
      base: undefined,
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
      formatters: {
        level: (label) => ({ severity: label === 'fatal' ? 'CRITICAL' : label.toUpperCase() }),
      },
    },
    options.destination,
  );
}

/** Fields that attach a log line to its request's trace. */
export function traceFields(projectId: string, traceId: string, spanId: string | undefined): Record<string, string> {
  const fields: Record<string, string> = { 'logging.googleapis.com/trace': `projects/${projectId}/traces/${traceId}` };
  if (spanId) fields['logging.googleapis.com/spanId'] = spanId;
  return fields;
}
