// The email-in benchmark: ~10 KB messages sent over SMTP to the built-in listener, which answers
// 250 only after each message (raw .eml, inbound row, contact, ticket or reply, events) committed.
// A third of the messages are replies threaded by In-Reply-To to an earlier one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { parseConfig } from '../src/config.js';
import { startModules } from '../src/platform/bootstrap.js';
import { queryRows, runMigrations } from '../src/platform/db/client.js';
import { createRuntime } from '../src/platform/runtime.js';
import { startInboundSmtp } from '../src/modules/mail-in/index.js';
import type { DriverTarget } from './foundation.js';
import { peakRss, round, runLoop } from './measure.js';

export interface MailIngestRow {
  driver: 'pglite' | 'postgres';
  connections: number;
  messageBytes: number;
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  messages: number;
  /** Inbound rows in the database after the run: every 250 must be there. */
  committedRows: number;
  peakRssMb: number;
  meetsTarget: boolean;
}

const paragraph = 'Hello, I am writing about my recent order. The parcel arrived yesterday but one of the items was damaged in transit. ';
const body = paragraph.repeat(Math.ceil(9_600 / paragraph.length)).slice(0, 9_600).replace(/(.{1,76})( |$)/g, '$1\r\n');

function message(index: number, previous: string | undefined): { raw: string; messageId: string } {
  const messageId = `<${randomUUID()}@bench.example>`;
  const sender = `customer${index % 500}@bench.example`;
  const headers = [
    `From: Customer ${index % 500} <${sender}>`,
    'To: support@shop.example',
    `Subject: ${previous ? 'Re: ' : ''}Order question ${index % 500}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: ${messageId}`,
    ...(previous ? [`In-Reply-To: ${previous}`, `References: ${previous}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
  ];
  return { raw: `${headers.join('\r\n')}\r\n\r\n${body}`, messageId };
}

export async function benchMailIngest(target: DriverTarget, seconds: number, connections: number, log: (line: string) => void): Promise<MailIngestRow> {
  const handle = await target.open();
  const attachmentsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'patron-bench-mail-'));
  try {
    await runMigrations(handle);
    const config = parseConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', SEED_DEMO: 'false', MAIL_FROM: 'Shop <support@shop.example>', ATTACHMENTS_DIR: attachmentsDir });
    const runtime = createRuntime(config, handle, { logger: pino({ level: 'silent' }) });
    await startModules(runtime);
    const listener = await startInboundSmtp(runtime, { port: 0, host: '127.0.0.1' });
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true, pool: true, maxConnections: connections, maxMessages: Infinity });
    let counter = 0;
    const lastBySender = new Map<number, string>();
    const send = async () => {
      const index = counter++;
      const previous = index % 3 === 2 ? lastBySender.get(index % 500) : undefined;
      const { raw, messageId } = message(index, previous);
      lastBySender.set(index % 500, messageId);
      const info = await transport.sendMail({ envelope: { from: 'customer@bench.example', to: ['support@shop.example'] }, raw });
      if (!info.response.startsWith('250')) throw new Error(`unexpected reply ${info.response}`);
    };
    log(`mail ingest on ${target.driver}: warming up`);
    for (let i = 0; i < 20; i += 1) await send();
    log(`mail ingest on ${target.driver}: ${connections} SMTP connections for ${seconds} s`);
    const { result, peakRssMb } = await peakRss(() => runLoop(connections, seconds, send));
    transport.close();
    await listener.close();
    const [rows] = await queryRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM inbound_mails`);
    const row: MailIngestRow = {
      driver: target.driver,
      connections,
      messageBytes: Buffer.byteLength(message(0, undefined).raw),
      opsPerSecond: round(result.opsPerSecond, 1),
      p50Ms: round(result.p50Ms, 1),
      p99Ms: round(result.p99Ms, 1),
      messages: result.operations,
      committedRows: Number(rows?.n ?? 0),
      peakRssMb,
      meetsTarget: result.opsPerSecond >= 100,
    };
    log(`mail ingest on ${target.driver}: ${row.opsPerSecond} msg/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, ${row.committedRows} rows committed`);
    runtime.mail.close();
    return row;
  } finally {
    await handle.close();
    await target.cleanup();
    fs.rmSync(attachmentsDir, { recursive: true, force: true });
  }
}
