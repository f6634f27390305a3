// Spreadsheet uploads arrive as the raw request body; downloads go out with a filename.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { CSV_TYPE, XLSX_TYPE } from './spreadsheet';
import { createHash } from 'node:crypto';
import { AppError, bodyTooLarge, unsupportedMediaType } from './errors';

export const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

export function registerFileParsers(app: FastifyInstance) {
  app.addContentTypeParser([CSV_TYPE, XLSX_TYPE, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT_BYTES }, (_req, body, done) =>
    done(null, body),
  );
  // Evidence and attachments: documents and images, read whole (each route checks its own limit).
  app.addContentTypeParser([...DOCUMENT_TYPES], { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT_BYTES }, (_req, body, done) => done(null, body));
  // Resource photos may also be WebP (platform/images.ts checks every photo by its bytes).
  app.addContentTypeParser(['image/webp'], { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT_BYTES }, (_req, body, done) => done(null, body));
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
  return {
    contentType: String(req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim(),
    body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
  };
}

// The first bytes every file of a type starts with: a body declared as a PDF must be one, so an
// HTML page (or a script) cannot be stored under an innocent type and served back later.
const MAGIC: Record<(typeof DOCUMENT_TYPES)[number], number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};
const startsWith = (body: Buffer, magic: number[]) => body.length >= magic.length && magic.every((b, i) => body[i] === b);

/** Checks type (415, by the declared type and the content's magic bytes), emptiness (400) and size (413) of an uploaded document; returns its safe file name and sha256. */
export function acceptDocument(doc: UploadedDocument, filename: string, fallbackName: string): { filename: string; sha256: string } {
  if (!(DOCUMENT_TYPES as readonly string[]).includes(doc.contentType)) throw unsupportedMediaType(doc.contentType);
  if (doc.body.length === 0) throw new AppError('validation-failed', {}, [{ field: 'body', code: 'value-invalid' }]);
  if (doc.body.length > DOCUMENT_LIMIT_BYTES) throw bodyTooLarge(DOCUMENT_LIMIT_BYTES);
  if (!startsWith(doc.body, MAGIC[doc.contentType as keyof typeof MAGIC])) throw unsupportedMediaType(doc.contentType);
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

const ZIP = [0x50, 0x4b, 0x03, 0x04]; // an XLSX file is a ZIP archive

/** Text has no NUL or other C0 control characters but tab, CR, LF (and form feed). */
const looksLikeText = (body: Buffer) => !body.subarray(0, 64 * 1024).some((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c);

/** A spreadsheet sent as the raw request body: its type, checked against its content (415 when they disagree). */
export function uploadedFile(body: unknown, contentType: string | undefined): { file: Buffer; type: string } {
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new AppError('unreadable-file', { reason: { zh: '请上传 XLSX 或 CSV 文件作为请求体', en: 'Send an XLSX or CSV file as the request body' } });
  }
  const declared = (contentType ?? '').split(';')[0].trim();
  const zip = startsWith(body, ZIP);
  // A generic binary upload is sniffed.
  const type = declared === 'application/octet-stream' ? (zip ? XLSX_TYPE : CSV_TYPE) : declared;
  if (type === XLSX_TYPE ? !zip : !looksLikeText(body)) throw unsupportedMediaType(declared);
  return { file: body, type };
}

export const uploadBodySchema = {
  description: 'The spreadsheet itself (XLSX or CSV with a header row) as the request body',
  content: {
    [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } },
    [CSV_TYPE]: { schema: { type: 'string', format: 'binary' } },
  },
};
