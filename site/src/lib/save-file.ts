import type { TDownloadedFile } from './api-client.ts';

/**
 * Hands a downloaded file to the browser's save flow. API files need the session's token, so
 * they are fetched by the client and saved from a short-lived object URL (no page navigation).
 */
export function saveFile(file: TDownloadedFile, fallbackName: string): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename ?? fallbackName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled; the download keeps its own reference.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
