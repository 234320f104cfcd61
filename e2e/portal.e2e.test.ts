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

describe('customer portal', () => {
  it('a customer signs up, confirms the email, adds a request, sees the staff reply (never the note) and rates it once completed', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await journey(page, 'portal-request', async () => {
      const base = server.baseUrl;
      // Staff work through the API as an admin, on the same browser's cookie jar (a separate cookie from the portal's).
      const login = await page.request.post(`${base}/api/v1/auth/login`, { data: { email: adminEmail, password: adminPassword } });
      expect(login.status()).toBe(200);
      const { csrfToken, user } = (await login.json()) as { csrfToken: string; user: { id: string } };
      const staffGet = async <T>(path: string): Promise<T> => (await (await page.request.get(`${base}/api/v1${path}`)).json()) as T;
      const staffPost = async <T>(path: string, data: object): Promise<T> => {
        const response = await page.request.post(`${base}/api/v1${path}`, { data, headers: { 'x-csrf-token': csrfToken } });
        expect(response.ok(), await response.text()).toBe(true);
        return (await response.json()) as T;
      };

      // Sign up; the honeypot is there but out of sight.
      const email = `journey-${Date.now()}@example.com`;
      await page.goto(`${base}/portal/signup`);
      const signUp = page.getByTestId('portal-signup');
      await signUp.getByLabel('Your name').fill('Jamie Journey');
      await signUp.getByLabel('Email').fill(email);
      await signUp.getByLabel('Password (at least 10 characters)').fill('journey password 1');
      const honeypot = await signUp.locator('input[name="website"]').boundingBox();
      expect(honeypot!.x + honeypot!.width).toBeLessThan(0);
      await signUp.getByRole('button', { name: 'Create account' }).click();
      await page.getByTestId('portal-signup-sent').waitFor();

      // The verification link, read from the outbox as an admin.
      const outbox = await staffGet<{ items: { id: string; toAddress: string; subject: string }[] }>('/outbox?limit=50');
      const mail = outbox.items.find((item) => item.toAddress === email && item.subject === 'Confirm your email address');
      expect(mail).toBeDefined();
      const { textBody } = await staffGet<{ textBody: string }>(`/outbox/${mail!.id}`);
      const link = new URL(/https?:\/\/\S+\/portal\/verify-email\?token=\S+/.exec(textBody)![0]);
      await page.goto(`${base}${link.pathname}${link.search}`);
      await page.getByRole('button', { name: 'Confirm my email address' }).click();
      await page.getByTestId('portal-verify').getByText('Your email address is confirmed').waitFor();

      // Sign in and add a request.
      await page.goto(`${base}/portal/login`);
      const form = page.getByTestId('portal-login');
      await form.getByLabel('Email').fill(email);
      await form.getByLabel('Password').fill('journey password 1');
      await form.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('My Last Requests (30 days)').waitFor();
      await page.getByTestId('portal-recent-requests').getByText('No requests here yet.').waitFor();
      await page.getByRole('navigation', { name: 'My Account' }).getByRole('link', { name: 'Requests', exact: true }).click();
      await page.getByRole('link', { name: 'Add Request' }).click();
      const request = page.getByTestId('portal-new-request');
      await request.getByLabel('Department').selectOption({ label: 'Customer Support' });
      expect(await request.getByLabel('Email').inputValue()).toBe(email);
      expect(await request.getByLabel('Name').inputValue()).toBe('Jamie Journey');
      await request.getByLabel('Subject').fill('Printer prints blank pages');
      await request.getByLabel('Message').fill('Since yesterday every page comes out blank.');
      await request.getByRole('button', { name: 'Send request' }).click();
      await page.getByTestId('portal-request-title').getByText('Printer prints blank pages').waitFor();
      const number = Number(new URL(page.url()).pathname.split('/').pop());
      expect(number).toBeGreaterThan(0);

      // Staff answer, write an internal note, and complete the ticket.
      let ticket = await staffGet<{ version: number; channel: string }>(`/tickets/${number}`);
      expect(ticket.channel).toBe('portal');
      const statuses = (await staffGet<{ items: { id: string; name: string }[] }>('/ticket-statuses')).items;
      const statusId = (name: string) => statuses.find((status) => status.name === name)!.id;
      ticket = await staffPost(`/tickets/${number}/assignment`, { version: ticket.version, assigneeId: user.id });
      await staffPost(`/tickets/${number}/messages`, { body: 'Customer has the old model (internal)', visibility: 'internal' });
      ticket = await staffGet(`/tickets/${number}`);
      ticket = await staffPost(`/tickets/${number}/transitions`, { version: ticket.version, statusId: statusId('In Process'), message: { body: 'Please replace the toner cartridge.' } });
      await staffPost(`/tickets/${number}/transitions`, { version: ticket.version, statusId: statusId('Completed') });

      // The customer sees the reply, not the note, and rates the completed request.
      await page.reload();
      const messages = page.getByTestId('portal-messages');
      await messages.getByText('Please replace the toner cartridge.').waitFor();
      expect(await messages.getByText('Customer has the old model').count()).toBe(0);
      expect(await page.getByTestId('portal-request-status').textContent()).toBe('Completed');
      const rating = page.getByTestId('portal-rating');
      await rating.getByRole('radio', { name: '4 of 5' }).click();
      await rating.getByLabel('Comment').fill('Quick and friendly');
      await rating.getByRole('button', { name: 'Send rating' }).click();
      await rating.getByText('Your rating').waitFor();
      await page.screenshot({ path: 'e2e/artifacts/portal-request-page.png', fullPage: true });
      expect(await rating.textContent()).toContain('★★★★☆');

      // Staff see the rating on the ticket page and in the feedback list.
      await page.goto(`${base}/tickets/${number}`);
      await page.getByTestId('ticket-feedback').waitFor();
      expect(await page.getByTestId('ticket-feedback-comment').textContent()).toContain('Quick and friendly');
      await page.getByTestId('nav-feedback').click();
      await page.getByTestId('feedback-table').getByText('Printer prints blank pages').waitFor();

      // Orders are a marked place for later.
      await page.goto(`${base}/portal/orders`);
      await page.getByTestId('portal-coming-soon').getByText('Coming soon').waitFor();
    });
  });

  it('staff invite a contact from the contact page; the customer sets a password from the mail and signs in', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await journey(page, 'portal-invitation', async () => {
      const base = server.baseUrl;
      const login = await page.request.post(`${base}/api/v1/auth/login`, { data: { email: adminEmail, password: adminPassword } });
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const email = `invited-${Date.now()}@example.com`;
      const created = await page.request.post(`${base}/api/v1/contacts`, { data: { firstName: 'Ivy', lastName: 'Invited', email }, headers: { 'x-csrf-token': csrfToken } });
      expect(created.status()).toBe(201);
      const { id } = (await created.json()) as { id: string };
      await page.goto(`${base}/customers/${id}`);
      await page.getByTestId('contact-invite-portal').click();
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await page.getByTestId('portal-invitation-sent').waitFor();

      const outbox = (await (await page.request.get(`${base}/api/v1/outbox?limit=50`)).json()) as { items: { id: string; toAddress: string }[] };
      const mail = outbox.items.find((item) => item.toAddress === email)!;
      const { textBody } = (await (await page.request.get(`${base}/api/v1/outbox/${mail.id}`)).json()) as { textBody: string };
      const link = new URL(/https?:\/\/\S+\/portal\/reset-password\?\S+/.exec(textBody)![0]);
      await page.goto(`${base}${link.pathname}${link.search}`);
      await page.getByText('Welcome! Choose your password').waitFor();
      await page.getByLabel('New password (at least 10 characters)').fill('ivy picked this');
      await page.getByRole('button', { name: 'Save password' }).click();
      const form = page.getByTestId('portal-login');
      await form.getByLabel('Email').fill(email);
      await form.getByLabel('Password').fill('ivy picked this');
      await form.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Welcome, Ivy Invited').waitFor();
    });
  });
});
