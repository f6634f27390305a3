// Spreadsheet uploads arrive as the raw request body; downloads go out with a filename.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { CSV_TYPE, XLSX_TYPE } from './spreadsheet';
import { createHash } from 'node:crypto';
import { AppError } from './errors';

export const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

export function registerFileParsers(app: FastifyInstance) {
  app.addContentTypeParser([CSV_TYPE, XLSX_TYPE, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT_BYTES }, (_req, body, done) =>
    done(null, body),
  );
  // Evidence and attachments: documents and images, read whole (each route checks its own limit).
  app.addContentTypeParser([...DOCUMENT_TYPES], { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT_BYTES }, (_req, body, done) => done(null, body));
}

/** What may be uploaded as evidence or an attachment: PDF and images. */
export const DOCUMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export const DOCUMENT_LIMIT_BYTES = 5 * 1024 * 1024;

export interface UploadedDocument {
  contentType: string;
  body: Buffer;
}

/** A document sent as the raw request body, with its media type (parameters dropped). */
export function documentFrom(req: { headers: Record<string, unknown>; body: unknown }): UploadedDocument {
  return { contentType: String(req.headers['content-type'] ?? '').split(';')[0].trim(), body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0) };
}

/** Checks type (415), emptiness (400) and size (413) of an uploaded document; returns its safe file name and sha256. */
export function acceptDocument(doc: UploadedDocument, filename: string, fallbackName: string): { filename: string; sha256: string } {
  if (!(DOCUMENT_TYPES as readonly string[]).includes(doc.contentType)) throw new AppError('unsupported-media-type', { type: doc.contentType });
  if (doc.body.length === 0) throw new AppError('validation-failed', {}, [{ field: 'body', code: 'value-invalid' }]);
  if (doc.body.length > DOCUMENT_LIMIT_BYTES) throw new AppError('body-too-large', { limit: DOCUMENT_LIMIT_BYTES });
  return { filename: filename.replace(/[\\/\r\n"]/g, '_').slice(0, 200) || fallbackName, sha256: createHash('sha256').update(doc.body).digest('hex') };
}

export const FormatQuery = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('xlsx'), Type.Literal('csv')], { default: 'xlsx' })) });

export function sendSpreadsheet(reply: FastifyReply, name: string, format: 'xlsx' | 'csv', body: Buffer) {
  const type = format === 'csv' ? `${CSV_TYPE}; charset=utf-8` : XLSX_TYPE;
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${name}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}.${format}`)
    .send(body);
}

export function uploadedFile(body: unknown, contentType: string | undefined): { file: Buffer; type: string } {
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new AppError('unreadable-file', { reason: { zh: '请上传 XLSX 或 CSV 文件作为请求体', en: 'Send an XLSX or CSV file as the request body' } });
  }
  const type = (contentType ?? '').split(';')[0].trim();
  // A generic binary upload is sniffed: XLSX files are ZIP archives ("PK").
  if (type === 'application/octet-stream') return { file: body, type: body[0] === 0x50 && body[1] === 0x4b ? XLSX_TYPE : CSV_TYPE };
  return { file: body, type };
}

export const uploadBodySchema = {
  description: 'The spreadsheet itself (XLSX or CSV with a header row) as the request body',
  content: {
    [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } },
    [CSV_TYPE]: { schema: { type: 'string', format: 'binary' } },
  },
};
