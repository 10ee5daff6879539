import { z } from 'zod';
import type { TRole } from '../shared/auth/principal.ts';
import { MAX_IMPORT_BYTES, previewImport, uploadImport } from '../shared/imports/create-import.ts';
import { discardImport } from '../shared/imports/discard-import.ts';
import { getImport } from '../shared/imports/get-import.ts';
import { importErrorsCsv } from '../shared/imports/import-errors-csv.ts';
import type { TImportKind } from '../shared/imports/import-record.ts';
import {
  ZImport,
  ZImportListQuery,
  ZImportPreview,
  ZImportPreviewQuery,
  ZImportRejection,
  ZImportUploadQuery,
  ZStartImportRequest,
} from '../shared/imports/import.schemas.ts';
import { listImportRejections } from '../shared/imports/list-import-rejections.ts';
import { listImports } from '../shared/imports/list-imports.ts';
import { startImport } from '../shared/imports/start-import.ts';
import { ZIdParams, ZPage, ZPageQuery } from '../shared/schemas/common.ts';
import { Reply } from '../infra/http/reply.ts';
import { defineRoute, type TRoute } from '../infra/http/route.ts';

/** What browsers and tools send a .csv file as (Excel on Windows says vnd.ms-excel). */
export const CSV_CONTENT_TYPES = ['text/csv', 'application/csv', 'text/x-csv', 'text/plain', 'application/vnd.ms-excel', 'application/octet-stream'] as const;

/** The raw body of an upload; an empty body fails here with a sentence, a too-large one earlier with 413. */
const ZCsvFile = z.instanceof(Buffer, { message: 'Send the CSV file as the request body' });

/**
 * The CSV import routes of one kind under `/api/<kind>/imports` (the leads and buyers
 * functions each mount theirs): preview → start, or upload in one step; progress, result,
 * rejected rows and their CSV. Declared before the kind's `/:id` routes.
 */
export function importRoutes(kind: TImportKind, access: { writers: readonly TRole[]; readers: readonly TRole[] }): TRoute[] {
  const base = `/api/${kind}/imports`;
  const noun = kind === 'leads' ? 'leads' : 'buyers';
  const tags = [kind, 'imports'];
  return [
    defineRoute({
      method: 'GET',
      path: base,
      summary: `Past and running ${noun} imports, newest first`,
      access: access.readers,
      query: ZImportListQuery,
      response: ZPage(ZImport),
      tags,
      handler: ({ ctx, query }) => listImports(ctx, kind, query),
    }),
    defineRoute({
      method: 'POST',
      path: base,
      summary: `Upload a CSV of ${noun} and import it in the background (202 with the import; poll it for progress)`,
      access: access.writers,
      bodyType: 'raw',
      rawContentTypes: CSV_CONTENT_TYPES,
      maxBodyBytes: MAX_IMPORT_BYTES,
      query: ZImportUploadQuery,
      body: ZCsvFile,
      response: ZImport,
      status: 202,
      tags,
      handler: ({ ctx, query, body }) => uploadImport(ctx, kind, { file: body, query }),
    }),
    defineRoute({
      method: 'POST',
      path: `${base}/preview`,
      summary: `Upload a CSV of ${noun} for the mapping step: detected columns and the first rows (a draft import to start)`,
      access: access.writers,
      bodyType: 'raw',
      rawContentTypes: CSV_CONTENT_TYPES,
      maxBodyBytes: MAX_IMPORT_BYTES,
      query: ZImportPreviewQuery,
      body: ZCsvFile,
      response: ZImportPreview,
      status: 201,
      tags,
      handler: ({ ctx, query, body }) => previewImport(ctx, kind, { file: body, query }),
    }),
    defineRoute({
      method: 'GET',
      path: `${base}/:id`,
      summary: 'An import: status, progress (rows done / total), result and the first rejected rows',
      access: access.readers,
      params: ZIdParams,
      response: ZImport,
      tags,
      handler: ({ ctx, params }) => getImport(ctx, kind, params.id),
    }),
    defineRoute({
      method: 'DELETE',
      path: `${base}/:id`,
      summary: 'Discard a previewed import that was not started',
      access: access.writers,
      params: ZIdParams,
      tags,
      handler: async ({ ctx, params }) => {
        await discardImport(ctx, kind, params.id);
        return Reply.empty();
      },
    }),
    defineRoute({
      method: 'POST',
      path: `${base}/:id/start`,
      summary: 'Start a previewed import with the confirmed column mapping and duplicate policy',
      access: access.writers,
      params: ZIdParams,
      body: ZStartImportRequest,
      response: ZImport,
      status: 202,
      tags,
      handler: ({ ctx, params, body }) => startImport(ctx, kind, params.id, body),
    }),
    defineRoute({
      method: 'GET',
      path: `${base}/:id/rejections`,
      summary: 'Every rejected row of an import: line, column and reason',
      access: access.readers,
      params: ZIdParams,
      query: ZPageQuery.strict(),
      response: ZPage(ZImportRejection),
      tags,
      handler: ({ ctx, params, query }) => listImportRejections(ctx, kind, params.id, query),
    }),
    defineRoute({
      method: 'GET',
      path: `${base}/:id/errors.csv`,
      summary: 'The rejected rows as CSV, with their line and problems, to fix and import again',
      access: access.readers,
      params: ZIdParams,
      tags,
      handler: async ({ ctx, params }) => {
        const { stream, filename } = await importErrorsCsv(ctx, kind, params.id);
        return Reply.stream(stream, { contentType: 'text/csv; charset=utf-8', filename });
      },
    }),
  ];
}
