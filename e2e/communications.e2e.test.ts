import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
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

async function signIn(page: Page) {
  const login = await page.request.post(`${server.baseUrl}/api/v1/auth/login`, { data: { email: adminEmail, password: adminPassword } });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return {
    get: async <T>(path: string): Promise<T> => (await (await page.request.get(`${server.baseUrl}/api/v1${path}`)).json()) as T,
    post: (path: string, data: object) => page.request.post(`${server.baseUrl}/api/v1${path}`, { data, headers: { 'x-csrf-token': csrfToken } }),
  };
}

describe('communications', () => {
  it('an admin edits the "CRM - Reply" template with tags offered while typing and a live preview, and the next reply uses it', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await journey(page, 'communications-template', async () => {
      const api = await signIn(page);
      await page.goto(`${server.baseUrl}/`);
      await page.getByTestId('nav-communications').click();
      await page.getByTestId('templates-table').waitFor();
      expect(new URL(page.url()).pathname).toBe('/admin/communications/templates');
      await page.getByTestId('edit-template-ticket_reply').click();
      await page.getByTestId('template-preview').getByTestId('preview-subject').waitFor();
      expect(await page.getByTestId('preview-subject').textContent()).toBe('Re: [#136] Customer Service');

      // Typing "#" offers the tags; more letters narrow the list; Enter inserts the tag.
      const subject = page.getByTestId('template-subject');
      await subject.fill('');
      await subject.pressSequentially('Answer to #');
      await page.getByTestId('template-subject-tag-menu').waitFor();
      await subject.pressSequentially('ticket.num');
      expect(await page.getByTestId('tag-option-ticket.subject').count()).toBe(0);
      await page.getByTestId('tag-option-ticket.number').waitFor();
      await subject.press('Enter');
      expect(await subject.inputValue()).toBe('Answer to {{ticket.number}}');
      await subject.pressSequentially(' for {{ cust');
      await page.getByTestId('tag-option-customer.first_name').click();
      expect(await subject.inputValue()).toBe('Answer to {{ticket.number}} for {{customer.first_name}}');
      await expect.poll(() => page.getByTestId('preview-subject').textContent()).toBe('Answer to 136 for Sam');

      // An unknown tag is named before saving; the tag list inserts at the caret.
      const html = page.getByTestId('template-html');
      await html.fill('<p>Dear {{customer.nickname}},</p>\n<p>{{message.body}}</p>\n<p>Signed: </p>');
      await page.getByTestId('preview-errors').getByText('unknown tag {{customer.nickname}}').waitFor();
      await html.fill('<p>Dear friend,</p>\n<p>{{message.body}}</p>\n<p>Signed: </p>');
      await html.evaluate((element: HTMLTextAreaElement) => element.setSelectionRange(element.value.length - 4, element.value.length - 4));
      await page.getByTestId('tag-staff.name').click();
      expect(await html.inputValue()).toBe('<p>Dear friend,</p>\n<p>{{message.body}}</p>\n<p>Signed: {{staff.name}}</p>');
      await expect.poll(() => page.getByTestId('preview-errors').count()).toBe(0);
      const frame = page.frameLocator('[data-testid="preview-html"]');
      await expect.poll(() => frame.locator('body').textContent()).toContain('Signed: Samantha');
      expect(await frame.locator('body').textContent()).toContain('I am very sorry this happened.');

      await page.getByTestId('save-template').click();
      await page.getByTestId('template-saved').waitFor();
      const saved = await api.get<{ subject: string; htmlBody: string }>('/mail-templates/ticket_reply');
      expect(saved.subject).toBe('Answer to {{ticket.number}} for {{customer.first_name}}');
      expect(saved.htmlBody).toContain('Signed: {{staff.name}}');

      // The rules tab: the "status changed" rule is off by default and switches on.
      await page.getByTestId('communications-tab-rules').click();
      const row = page.getByTestId('rule-row-Tell the customer the status changed');
      await row.waitFor();
      await row.getByTestId('rule-enabled').click({ force: true });
      await expect.poll(async () => (await api.get<{ items: { name: string; enabled: boolean }[] }>('/communication-rules')).items.find((r) => r.name === 'Tell the customer the status changed')?.enabled).toBe(true);

      // A staff reply now goes out with the edited template.
      const ticket = await api.post('/tickets', { subject: 'Late order', contact: { name: 'Dana Lee', email: 'dana@example.com' }, openedBy: 'customer', channel: 'portal', message: { body: 'Where is it?' } });
      expect(ticket.status()).toBe(201);
      const number = ((await ticket.json()) as { number: number }).number;
      expect((await api.post(`/tickets/${number}/messages`, { body: 'Shipped today', visibility: 'public' })).status()).toBe(201);
      await expect
        .poll(async () => (await api.get<{ items: { toAddress: string; subject: string }[] }>('/outbox')).items.filter((m) => m.toAddress === 'dana@example.com').map((m) => m.subject), { timeout: 15_000 })
        .toContain(`Answer to ${number} for Dana`);

      // From the ticket page, staff email the customer with a template.
      await page.goto(`${server.baseUrl}/tickets/${number}`);
      await page.getByTestId('email-customer').click();
      expect(await page.getByTestId('email-to').inputValue()).toBe('dana@example.com');
      await page.getByTestId('email-message').fill('Your parcel is on its way <today>');
      await page.getByTestId('send-email').click();
      await page.getByTestId('email-sent').waitFor();
      await expect.poll(() => page.getByTestId('ticket-emails').locator('tr').count()).toBe(3);
      const emails = await api.get<{ items: { toAddress: string; subject: string; automatic: boolean }[] }>(`/tickets/${number}/emails`);
      // The worker runs the two rule mails' jobs concurrently, so their order may vary.
      expect(emails.items.filter((m) => m.toAddress === 'dana@example.com').map((m) => [m.subject, m.automatic]).sort()).toEqual([
        [`Answer to ${number} for Dana`, false],
        [`Answer to ${number} for Dana`, true],
        [`[#${number}] We received your request: Late order`, true],
      ]);
    });
  });
});
