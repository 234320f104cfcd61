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
      const newCount = async () => Number(await page.getByTestId('status-count-New').textContent());
      const inProcessCount = async () => Number(await page.getByTestId('status-count-In Process').textContent());
      const [newBefore, inProcessBefore] = [await newCount(), await inProcessCount()];
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
      await page.getByRole('option', { name: 'In Process' }).click();
      await page.getByTestId('add-response').click();
      await page.getByTestId('ticket-status').getByText('In Process').waitFor();
      await page.getByTestId('messages').getByText('tracing it with the carrier').waitFor();

      await page.goto(`${server.baseUrl}/tickets`);
      await row.waitFor();
      expect(await row.getAttribute('data-waiting')).toBe('false');
      await page.waitForFunction(
        ([before]) => Number(document.querySelector('[data-testid="status-count-In Process"]')?.textContent) === before + 1,
        [inProcessBefore],
      );
      expect(await newCount()).toBe(newBefore - 1);

      await row.click();
      await page.getByTestId('ticket-subject').waitFor();
      await page.getByTestId('next-status').click();
      await page.getByRole('option', { name: 'Completed' }).click();
      await page.getByTestId('update-info').click();
      await page.getByTestId('ticket-status').getByText('Completed').waitFor();
      // A completed ticket has no composer any more.
      expect(await page.getByTestId('composer').count()).toBe(0);
    });
    await page.close();
  });
});
