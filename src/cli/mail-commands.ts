import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { startModules } from '../platform/bootstrap.js';
import { createRuntime, openConfiguredDatabase } from '../platform/runtime.js';
import { ingestMail, MailStoreUnavailableError } from '../modules/mail-in/index.js';
import { isTransientStoreError } from '../modules/mail-in/mail-store-errors.js';

/** sysexits.h: the mail server keeps the message and delivers it again later. */
export const exitTemporaryFailure = 75;

async function readStdin(limit: number): Promise<{ raw: Buffer; size: number }> {
  const chunks: Buffer[] = [];
  let kept = 0;
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (kept <= limit) {
      chunks.push(chunk);
      kept += chunk.length;
    }
  }
  return { raw: Buffer.concat(chunks), size };
}

/**
 * `patron mail ingest [--recipient A] [--sender S] < message.eml`, for a mail server's pipe
 * (Postfix `pipe`, Exim `pipe`, procmail): exit 0 once the message is committed (or quarantined),
 * 75 when the database cannot take it, so the mail server retries.
 */
export async function runMailCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { recipient: { type: 'string', multiple: true }, sender: { type: 'string' } } });
  if (positionals[0] !== 'ingest') throw new Error('Usage: patron mail ingest [--recipient ADDRESS]... [--sender ADDRESS] < message.eml');
  const { raw, size } = await readStdin(config.INBOUND_MAIL_MAX_BYTES);
  let handle;
  try {
    handle = await openConfiguredDatabase(config);
  } catch (error) {
    console.error(`mail ingest: the database is not available (${(error as Error).message}); try again later`);
    return exitTemporaryFailure;
  }
  const runtime = createRuntime(config, handle);
  try {
    // A pipe may be the first thing to touch a new database: the default ticket types must exist.
    await startModules(runtime);
    const outcome = await ingestMail(runtime, { raw, size, envelopeFrom: values.sender ?? null, recipients: values.recipient ?? [] });
    if (outcome.status === 'stored') console.log(`Stored (${outcome.signal}${outcome.ticketNumber ? `, ticket #${outcome.ticketNumber}` : ''}).`);
    else if (outcome.status === 'duplicate') console.log('Already received; nothing to do.');
    else console.log(`Quarantined: ${outcome.reason}.`);
    return 0;
  } catch (error) {
    // Whatever went wrong, the message is not stored: the mail server must keep it and retry.
    const reason = error instanceof MailStoreUnavailableError || isTransientStoreError(error) ? (error as Error).message : `unexpected error: ${(error as Error).message}`;
    console.error(`mail ingest: ${reason}; try again later`);
    return exitTemporaryFailure;
  } finally {
    runtime.mail.close();
    await handle.close().catch(() => undefined);
  }
}
