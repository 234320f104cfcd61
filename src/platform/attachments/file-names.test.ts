import { describe, expect, it } from 'vitest';
import { contentDisposition, matchesETag, normalizeContentType, safeFilename, servedContentType } from './file-names.js';

describe('file names and download headers', () => {
  it('keeps only a harmless last path segment', () => {
    expect(safeFilename('C:\\Users\\ann\\report.pdf')).toBe('report.pdf');
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('photo\u202Egpj.exe')).toBe('photogpj.exe');
    expect(safeFilename('tab\tand\nnewline.txt')).toBe('tabandnewline.txt');
    expect(safeFilename('what?<is>this|"file":*.txt')).toBe('what__is_this__file___.txt');
    expect(safeFilename('  ..hidden.  ')).toBe('hidden');
    expect(safeFilename('...')).toBe('attachment');
    expect(safeFilename('')).toBe('attachment');
    expect(safeFilename('Straße und Café.pdf')).toBe('Straße und Café.pdf');
  });

  it('cuts long names to 200 characters but keeps the extension', () => {
    const cut = safeFilename(`${'a'.repeat(300)}.docx`);
    expect([...cut].length).toBe(200);
    expect(cut.endsWith('a.docx')).toBe(true);
    expect([...safeFilename('é'.repeat(250))].length).toBe(200);
  });

  it('stores the declared type as type/subtype, octet-stream for none or nonsense', () => {
    expect(normalizeContentType('Text/Plain; charset=UTF-8')).toBe('text/plain');
    expect(normalizeContentType(undefined)).toBe('application/octet-stream');
    expect(normalizeContentType('not a type')).toBe('application/octet-stream');
    expect(normalizeContentType('image/svg+xml')).toBe('image/svg+xml');
  });

  it('serves only passive types as themselves', () => {
    for (const passive of ['application/pdf', 'image/png', 'image/jpeg', 'text/plain', 'text/csv', 'video/mp4', 'audio/mpeg']) expect(servedContentType(passive)).toBe(passive);
    for (const active of ['text/html', 'application/xhtml+xml', 'image/svg+xml', 'text/xml', 'application/xml', 'text/javascript', 'application/javascript', 'application/x-shockwave-flash', 'video/vnd.something+xml', 'multipart/x-mixed-replace']) {
      expect(servedContentType(active), active).toBe('application/octet-stream');
    }
  });

  it('names the file in an ASCII fallback and in exact UTF-8', () => {
    expect(contentDisposition('report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(contentDisposition("Déjà vu (1)'s.txt")).toBe(`attachment; filename="D_j_ vu (1)'s.txt"; filename*=UTF-8''D%C3%A9j%C3%A0%20vu%20%281%29%27s.txt`);
    expect(contentDisposition('100%_sure\\.txt')).toBe(`attachment; filename="100__sure_.txt"; filename*=UTF-8''100%25_sure%5C.txt`);
  });

  it('matches If-None-Match lists, weak tags and *', () => {
    expect(matchesETag('"abc"', '"abc"')).toBe(true);
    expect(matchesETag('W/"abc", "def"', '"abc"')).toBe(true);
    expect(matchesETag('*', '"abc"')).toBe(true);
    expect(matchesETag('"def"', '"abc"')).toBe(false);
    expect(matchesETag(undefined, '"abc"')).toBe(false);
  });
});
