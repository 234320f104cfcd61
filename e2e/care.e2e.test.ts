import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminEmail, adminPassword, journey, launchBrowser, startServer, type RunningBrowser, type RunningServer } from './harness';

let server: RunningServer;
let browser: RunningBrowser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the ticket queue', () => {
  it('an agent sees the waiting ticket highlighted, responds with a status change, the counts move, and the agent closes it', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await journey(page, 'care-queue', async () => {
      // A customer opened a request (through the API, as the portal will).
      const login = await page.request.post(`${server.baseUrl}/api/v1/auth/login`, { data: { email: adminEmail, password: adminPassword } });
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const created = await page.request.post(`${server.baseUrl}/api/v1/tickets`, {
        headers: { 'x-csrf-token': csrfToken },
        data: { subject: 'My parcel never arrived', contact: { name: 'Pat Parcel', email: 'pat@example.com' }, openedBy: 'customer', channel: 'portal', message: { body: 'Ordered two weeks ago.' } },
      });
      expect(created.status()).toBe(201);
      const { number } = (await created.json()) as { number: number };

      await page.goto(`${server.baseUrl}/tickets`);
      const row = page.getByTestId(`ticket-row-${number}`);
      await row.waitFor();
      expect(await row.getAttribute('data-waiting')).toBe('true');
      expect(await row.getByTestId('ticket-row-waiting').count()).toBe(1);
      const newCount = async () => Number(await page.getByTestId('status-count-New').textContent());
      const inProcessCount = async () => Number(await page.getByTestId('status-count-In Process').textContent());
      const completedCount = async () => Number(await page.getByTestId('status-count-Completed').textContent());
      const [newBefore, inProcessBefore, completedBefore] = [await newCount(), await inProcessCount(), await completedCount()];
      expect(newBefore).toBeGreaterThanOrEqual(1);

      // Keyboard: j/k select, Enter opens.
      await page.keyboard.press('k');
      await page.keyboard.press('Enter');
      await page.getByTestId('ticket-subject').waitFor();
      expect(await page.getByTestId('ticket-subject').textContent()).toBe('My parcel never arrived');

      await page.getByTestId('assign-to-me').click();
      await page.getByTestId('ticket-assignee').getByText('You').waitFor();
      await page.getByTestId('reply-body').fill('Sorry about that, we are tracing it with the carrier.');
      await page.getByTestId('next-status').click();
      await page.getByRole('option', { name: 'In Process', exact: true }).click();
      await page.getByTestId('add-response').click();
      await page.getByTestId('ticket-status').getByText('In Process').waitFor();
      await page.getByTestId('messages').getByText('tracing it with the carrier').waitFor();

      await page.goto(`${server.baseUrl}/tickets`);
      await row.waitFor();
      expect(await row.getAttribute('data-waiting')).toBe('false');
      expect(await row.getByTestId('ticket-row-waiting').count()).toBe(0);
      await page.waitForFunction(
        ([before]) => Number(document.querySelector('[data-testid="status-count-In Process"]')?.textContent) === before + 1,
        [inProcessBefore],
      );
      expect(await newCount()).toBe(newBefore - 1);

      await row.click();
      await page.getByTestId('ticket-subject').waitFor();
      await page.getByTestId('next-status').click();
      await page.getByRole('option', { name: 'Completed', exact: true }).click();
      await page.getByTestId('update-info').click();
      await page.getByTestId('ticket-status').getByText('Completed').waitFor();
      expect(await page.getByTestId('ticket-status').getAttribute('data-state')).toBe('completed');
      // A completed ticket has no composer any more.
      expect(await page.getByTestId('composer').count()).toBe(0);

      // The queue counts it as completed.
      await page.getByTestId('nav-tickets').click();
      await row.waitFor();
      await page.waitForFunction(
        ([before]) => Number(document.querySelector('[data-testid="status-count-Completed"]')?.textContent) === before + 1,
        [completedBefore],
      );
      expect(await inProcessCount()).toBe(inProcessBefore);
    });
    await page.close();
  });

  it('an agent opens a ticket from the form, adds an internal note, reads the history, and uses the keys', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await journey(page, 'care-keys', async () => {
      const login = await page.request.post(`${server.baseUrl}/api/v1/auth/login`, { data: { email: adminEmail, password: adminPassword } });
      expect(login.status()).toBe(200);
      await page.goto(`${server.baseUrl}/tickets`);
      await page.getByTestId('new-ticket').click();
      await page.getByTestId('new-ticket-subject').fill('Wrong size delivered');
      await page.getByTestId('new-ticket-name').fill('Sam Size');
      await page.getByTestId('new-ticket-email').fill('sam@example.com');
      await page.getByTestId('new-ticket-message').fill('I ordered a medium and got a small.');
      await page.getByTestId('new-ticket-submit').click();
      await page.getByTestId('ticket-subject').getByText('Wrong size delivered').waitFor();
      expect(await page.getByTestId('ticket-customer').textContent()).toBe('Sam Size');

      await page.getByTestId('reply-visibility').getByText('Internal note').click();
      await page.getByTestId('reply-body').fill('Check the warehouse stock first.');
      await page.getByTestId('add-response').click();
      await page.getByTestId('message-internal').getByText('Check the warehouse stock first.').waitFor();

      await page.getByTestId('ticket-history-tab').click();
      await page.getByTestId('history-panel').waitFor();

      // Back in the queue, the ticket just touched is first; r opens it with the reply box focused.
      await page.getByTestId('nav-tickets').click();
      await page.getByTestId('tickets-table').waitFor();
      await page.locator('body').click({ position: { x: 5, y: 300 } });
      await page.keyboard.press('j');
      await page.keyboard.press('k');
      expect(await page.locator('[data-selected="true"]').getByText('Wrong size delivered').count()).toBe(1);
      await page.keyboard.press('r');
      await page.getByTestId('ticket-subject').getByText('Wrong size delivered').waitFor();
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'reply-body');

      // e focuses the status select.
      await page.locator('body').click({ position: { x: 5, y: 300 } });
      await page.keyboard.press('e');
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'next-status');
    });
    await page.close();
  });
  it('an agent attaches files to a reply, removes one before sending, and downloads the one sent', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await journey(page, 'care-attachments', async () => {
      const login = await page.request.post(`${server.baseUrl}/api/v1/auth/login`, { data: { email: adminEmail, password: adminPassword } });
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const created = await page.request.post(`${server.baseUrl}/api/v1/tickets`, {
        headers: { 'x-csrf-token': csrfToken },
        data: { subject: 'Return a damaged kettle', contact: { name: 'Kim Kettle', email: 'kim@example.com' }, openedBy: 'customer', channel: 'portal', message: { body: 'The lid is cracked.' } },
      });
      const { number } = (await created.json()) as { number: number };

      await page.goto(`${server.baseUrl}/tickets/${number}`);
      await page.getByTestId('reply-body').fill('Here is your return label.');
      const label = 'RETURN TO: Warehouse 7, Bay 3\n';
      await page.getByTestId('attachment-input').setInputFiles([
        { name: 'return label.txt', mimeType: 'text/plain', buffer: Buffer.from(label) },
        { name: 'wrong.png', mimeType: 'image/png', buffer: Buffer.from('not this one') },
      ]);
      await page.locator('[data-testid="picked-file"][data-status="uploaded"]').nth(1).waitFor();
      expect(await page.getByTestId('picked-file').filter({ hasText: 'return label.txt' }).textContent()).toContain('30 B');
      await page.getByRole('button', { name: 'Remove wrong.png' }).click();
      expect(await page.getByTestId('picked-file').count()).toBe(1);

      // Over the server's 25 MiB limit: the file shows the server's answer, and blocks sending until removed.
      await page.getByTestId('attachment-input').setInputFiles([{ name: 'huge.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(25 * 1024 * 1024 + 1) }]);
      const huge = page.locator('[data-testid="picked-file"][data-status="failed"]');
      await huge.waitFor();
      expect(await huge.getByTestId('picked-file-error').textContent()).toContain('larger than the 25 MiB limit');
      expect(await page.getByTestId('add-response').isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Remove huge.bin' }).click();
      expect(await page.getByTestId('picked-file').count()).toBe(1);

      await page.getByTestId('add-response').click();
      const reply = page.getByTestId('message-public').filter({ hasText: 'Here is your return label.' });
      const link = reply.getByTestId('attachment-link');
      await link.waitFor();
      expect(await link.count()).toBe(1);
      expect(await link.textContent()).toContain('return label.txt');
      // The composer is empty again.
      expect(await page.getByTestId('picked-file').count()).toBe(0);

      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe('return label.txt');
      expect(fs.readFileSync((await download.path())!, 'utf8')).toBe(label);
      const served = await page.request.get(`${server.baseUrl}${await link.getAttribute('href')}`);
      expect(served.headers()['content-disposition']).toMatch(/^attachment; filename="return label.txt"/);
      expect(served.headers()['x-content-type-options']).toBe('nosniff');
    });
    await page.close();
  });
});
