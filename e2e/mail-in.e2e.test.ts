import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminEmail, adminPassword, artifactsDir, journey, launchBrowser, root, startServer, type RunningBrowser, type RunningServer } from './harness';

let server: RunningServer;
let browser: RunningBrowser;
let smtpPort = 0;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function fixture(name: string): Buffer {
  return fs.readFileSync(path.join(root, 'test/fixtures/mail', name));
}

async function sendMail(raw: Buffer) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail({ envelope: { from: 'jane.doe@gmail.test', to: ['support@shop.test'] }, raw });
  } finally {
    transport.close();
  }
}

beforeAll(async () => {
  smtpPort = await freePort();
  server = await startServer({ env: { INBOUND_SMTP_PORT: String(smtpPort), INBOUND_SMTP_HOST: '127.0.0.1', MAIL_FROM: 'Shop Support <support@shop.test>' } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('email in', () => {
  it('a customer mail over SMTP opens a ticket; staff see how it threaded, its formatted body and the original', async () => {
    expect((await sendMail(fixture('inline-image-and-attachment.eml'))).response).toMatch(/^250 /);
    const page = await browser.context.newPage();
    await journey(page, 'mail-in-ticket', async () => {
      const login = await page.request.post(`${server.baseUrl}/api/v1/auth/login`, { data: { email: adminEmail, password: adminPassword } });
      expect(login.status()).toBe(200);
      const list = (await (await page.request.get(`${server.baseUrl}/api/v1/tickets?q=scratch`)).json()) as { items: { number: number; subject: string; channel: string }[] };
      const [ticket] = list.items;
      expect(ticket).toMatchObject({ subject: 'Scratch on the table top (photo attached)', channel: 'email' });
      await page.goto(`${server.baseUrl}/tickets/${ticket!.number}`);
      await page.getByTestId('mail-signal').waitFor();
      expect(await page.getByTestId('mail-signal').textContent()).toBe('email · opened this ticket');
      expect(await page.getByTestId('mail-original').getAttribute('href')).toMatch(/^\/api\/v1\/attachments\/[0-9a-f-]{36}$/);
      await page.getByTestId('mail-show-html').click();
      const frame = page.frameLocator('iframe[title="Formatted mail"]');
      await frame.locator('img').waitFor();
      // The inline image comes from the attachment store and really loads.
      const loaded = await frame.locator('img').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0);
      expect(loaded).toBe(true);
      fs.mkdirSync(artifactsDir, { recursive: true });
      await page.screenshot({ path: path.join(artifactsDir, 'mail-in-ticket.png'), fullPage: true });
    });
  });
});
