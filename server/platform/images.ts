// Uploaded photos: the type is what the bytes say (JPEG, PNG or WebP by their magic bytes — the
// declared type and the file name are not trusted), the size and the pixel count are bounded
// before anything is decoded (a small file can claim a huge canvas), and thumbnails are drawn
// with jimp (pure JS). jimp reads no WebP: a WebP photo is its own thumbnail.
import { Jimp } from 'jimp';
import { AppError, bodyTooLarge } from './errors';

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];
export const PHOTO_LIMIT_BYTES = 5 * 1024 * 1024;
export const PHOTO_MAX_PIXELS = 24_000_000;
export const PHOTO_MAX_SIDE = 8000;
export const THUMB = { width: 480, height: 360 };
export const EXTENSIONS: Record<PhotoType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/** The image type the bytes start with, or null. */
export function sniffImage(b: Buffer): PhotoType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 16 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** Width and height from the header, without decoding; null when the header is unreadable. */
export function imageSize(b: Buffer, type: PhotoType): { width: number; height: number } | null {
  try {
    if (type === 'image/png') return b.toString('latin1', 12, 16) === 'IHDR' ? { width: b.readUInt32BE(16), height: b.readUInt32BE(20) } : null;
    if (type === 'image/webp') {
      const chunk = b.toString('latin1', 12, 16);
      if (chunk === 'VP8 ') return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
      if (chunk === 'VP8L') {
        const bits = b.readUInt32LE(21);
        return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
      }
      if (chunk === 'VP8X') return { width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) };
      return null;
    }
    // JPEG: walk the markers to a start-of-frame (SOF0–SOF15 but DHT C4, JPG C8 and DAC CC).
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return null;
      const marker = b[i + 1];
      if (marker === 0xff) {
        i++;
        continue;
      }
      const len = b.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
      }
      i += 2 + len;
    }
    return null;
  } catch {
    return null;
  }
}

const refused = (reason: { zh: string; en: string }) => new AppError('photo-type-refused', { reason });

/** Checks an uploaded photo; returns its real type and size. 413 over the byte limit, 415 for anything not a readable JPEG/PNG/WebP. */
export function acceptPhoto(body: Buffer): { type: PhotoType; width: number; height: number } {
  if (body.length === 0) throw new AppError('validation-failed', {}, [{ field: 'body', code: 'value-invalid' }]);
  if (body.length > PHOTO_LIMIT_BYTES) throw bodyTooLarge(PHOTO_LIMIT_BYTES);
  const type = sniffImage(body);
  if (!type) throw refused({ zh: '该文件不是 JPEG、PNG 或 WebP 图片', en: 'the file is not a JPEG, PNG or WebP image' });
  const size = imageSize(body, type);
  if (!size || size.width < 1 || size.height < 1) throw refused({ zh: '无法读取该图片的尺寸', en: 'the image’s size cannot be read' });
  if (size.width > PHOTO_MAX_SIDE || size.height > PHOTO_MAX_SIDE || size.width * size.height > PHOTO_MAX_PIXELS)
    throw new AppError('validation-failed', {}, [{ field: 'body', code: 'image-too-large', params: { max: `${PHOTO_MAX_SIDE}×${PHOTO_MAX_SIDE}` } }]);
  return { type, ...size };
}

/** A JPEG thumbnail that fits THUMB (never enlarged); a WebP is its own thumbnail. */
export async function thumbnail(body: Buffer, type: PhotoType): Promise<{ body: Buffer; type: PhotoType }> {
  if (type === 'image/webp') return { body, type };
  let img;
  try {
    img = await Jimp.read(body);
  } catch {
    throw refused({ zh: '该图片无法解码', en: 'the image cannot be decoded' });
  }
  if (img.width > THUMB.width || img.height > THUMB.height) img.scaleToFit({ w: THUMB.width, h: THUMB.height });
  return { body: await img.getBuffer('image/jpeg', { quality: 80 }), type: 'image/jpeg' };
}
