/**
 * Pure rules for what is stored and sent about a file: its name, its declared type, and the
 * headers of a download. No I/O.
 */

const fallbackName = 'attachment';
const maxNameLength = 200;

/**
 * A name that is safe to store, show and send: the last path segment only, no control or
 * bidirectional-override characters (which can disguise `exe.txt` as `txt.exe`), none of the
 * characters Windows refuses, no leading or trailing dots and spaces, at most 200 characters
 * (keeping the extension).
 */
export function safeFilename(input: string): string {
  const lastSegment = input.split(/[/\\]/).pop() ?? '';
  let name = lastSegment
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const characters = [...name];
  if (characters.length > maxNameLength) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
    name = characters.slice(0, maxNameLength - [...extension].length).join('').trimEnd() + extension;
  }
  return name === '' ? fallbackName : name;
}

const mediaType = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/** The `type/subtype` of a Content-Type header, lowercased; octet-stream for none or nonsense. */
export function normalizeContentType(header: string | undefined): string {
  const essence = (header ?? '').split(';')[0]!.trim().toLowerCase();
  return mediaType.test(essence) ? essence : 'application/octet-stream';
}

/**
 * Types a browser shows without running anything. Everything else, above all HTML, SVG, XML and
 * scripts (which can run in our origin), is served as application/octet-stream.
 */
const passiveTypes = new Set([
  'application/pdf',
  'application/zip',
  'application/gzip',
  'application/x-7z-compressed',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'message/rfc822',
  'text/plain',
  'text/csv',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'image/tiff',
  'image/heic',
]);

export function servedContentType(stored: string): string {
  if (passiveTypes.has(stored)) return stored;
  if ((stored.startsWith('audio/') || stored.startsWith('video/')) && !stored.includes('xml')) return stored;
  return 'application/octet-stream';
}

/** RFC 6266 / 5987: an ASCII fallback name and the exact UTF-8 name. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A strong ETag from the content hash: the same bytes always have the same tag. */
export function contentETag(sha256: string): string {
  return `"${sha256}"`;
}

/** Whether an If-None-Match header names this ETag (or is `*`). */
export function matchesETag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}
