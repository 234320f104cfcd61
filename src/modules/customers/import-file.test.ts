import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { timeOrderedId } from './contact-bulk-create.js';
import { CsvRecordCounter } from './import-file.js';

describe('CsvRecordCounter', () => {
  function counted(text: string | Buffer, delimiter = ',', chunkSize = 3) {
    const counter = new CsvRecordCounter(delimiter.charCodeAt(0));
    const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
    for (let start = 0; start < bytes.length; start += chunkSize) counter.add(bytes.subarray(start, start + chunkSize));
    return counter.finish();
  }
  function parsed(text: string | Buffer, delimiter = ',') {
    return (parse(text, { delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, skip_records_with_empty_values: true }) as string[][]).length;
  }

  it('counts the records csv-parse reads, whatever the chunks', () => {
    const files = [
      'a,b\n1,2\n3,4\n',
      'a,b\r\n1,2\r\n\r\n3,4',
      'a;b\n"x;\ny";2\n;\n"";""\n"""";\n',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name,email\n"Quoted ""Q""",q@x.test\n\n\n,\n')]),
      'a,b\rold,mac\rline,ends\r',
      'a,b\nsa"id,x\n',
    ];
    for (const file of files) {
      const delimiter = String(file).includes(';') ? ';' : ',';
      for (const chunkSize of [1, 2, 5, 1000]) expect(counted(file, delimiter, chunkSize), String(file)).toBe(parsed(file, delimiter));
    }
  });
});

describe('timeOrderedId', () => {
  it('is a version 7 UUID that sorts by time', () => {
    const earlier = timeOrderedId(new Date('2026-01-01T00:00:00Z'));
    const later = timeOrderedId(new Date('2026-01-01T00:00:00.001Z'));
    expect(earlier).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(earlier < later).toBe(true);
    expect(timeOrderedId(new Date(0))).not.toBe(timeOrderedId(new Date(0)));
  });
});
