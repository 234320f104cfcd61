import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/mail');

/**
 * A .eml fixture with its placeholders filled in (`{{TO}}`, `{{NUMBER}}`, `{{IN_REPLY_TO}}`...):
 * reply tokens and Message-IDs are only known once the test has sent the mail being answered.
 */
export function mailFixture(name: string, values: Record<string, string> = {}): Buffer {
  let text = fs.readFileSync(path.join(folder, name), 'latin1');
  for (const [key, value] of Object.entries(values)) text = text.replaceAll(`{{${key}}}`, value);
  return Buffer.from(text, 'latin1');
}
