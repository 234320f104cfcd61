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

describe('customers and the queue filters', () => {
  it('an agent creates a customer, opens a ticket from the customer record with "email customer", and finds it again', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await journey(page, 'customer-ticket', async () => {
      const login = await page.request.post(`${server.baseUrl}/api/v1/auth/login`, { data: { email: adminEmail, password: adminPassword } });
      expect(login.status()).toBe(200);
      await page.goto(`${server.baseUrl}/customers`);
      await page.getByTestId('new-contact').click();
      await page.getByTestId('contact-first-name').fill('Olga');
      await page.getByTestId('contact-last-name').fill('Outbox');
      await page.getByTestId('email-0').fill('olga@example.com');
      await page.getByTestId('phone-0').fill('+1 555 0199');
      await page.getByTestId('contact-save').click();
      await page.getByTestId('contact-name').getByText('Olga Outbox').waitFor();
      expect(await page.getByTestId('contact-open-tickets').textContent()).toBe('0');

      // New ticket from the customer record: contact fields are filled in, "email customer" is on.
      await page.getByTestId('contact-new-ticket').click();
      expect(await page.getByTestId('new-ticket-email').inputValue()).toBe('olga@example.com');
      expect(await page.getByTestId('new-ticket-email-customer').isChecked()).toBe(true);
      await page.getByTestId('new-ticket-subject').fill('Invoice address wrong');
      await page.getByTestId('new-ticket-message').fill('We will correct the invoice address.');
      await page.getByTestId('new-ticket-submit').click();
      await page.getByTestId('ticket-subject').getByText('Invoice address wrong').waitFor();
      const number = Number((await page.url().split('/tickets/')[1])?.split(/[?#]/)[0]);
      expect(number).toBeGreaterThan(0);

      // The confirmation went to the outbox (no SMTP_URL in this server).
      const outbox = await page.request.get(`${server.baseUrl}/api/v1/outbox?limit=50`);
      const mails = (await outbox.json()) as { items: { toAddress: string; subject: string }[] };
      expect(mails.items.some((mail) => mail.toAddress.includes('olga@example.com') && mail.subject.includes(`#${number}`))).toBe(true);

      // The ticket links back to the customer, whose page lists it.
      await page.getByTestId('ticket-customer-link').click();
      await page.getByTestId('contact-name').getByText('Olga Outbox').waitFor();
      await page.getByTestId('contact-tickets').getByText('Invoice address wrong').waitFor();
      await expect.poll(() => page.getByTestId('contact-open-tickets').textContent()).toBe('1');

      // The customer list finds her by phone digits.
      await page.getByTestId('nav-customers').click();
      await page.getByTestId('contact-search').fill('5550199');
      await page.getByTestId('contact-search').press('Enter');
      await page.getByTestId('contacts-table').getByText('Olga Outbox').waitFor();
    });
    await page.close();
  });

  it('an agent filters the queue by type and creation date, saves the filters as a view and applies it later', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await journey(page, 'queue-views', async () => {
      const login = await page.request.post(`${server.baseUrl}/api/v1/auth/login`, { data: { email: adminEmail, password: adminPassword } });
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const create = (subject: string) =>
        page.request.post(`${server.baseUrl}/api/v1/tickets`, { headers: { 'x-csrf-token': csrfToken }, data: { subject, contact: { name: 'Vic View', email: 'vic@example.com' } } });
      expect((await create('Viewable ticket one')).status()).toBe(201);

      await page.goto(`${server.baseUrl}/tickets`);
      await page.getByTestId('tickets-table').getByText('Viewable ticket one').waitFor();
      // A creation date range that ended yesterday hides today's tickets.
      await page.getByTestId('filter-created-to').fill('2020-01-01');
      await page.getByText('Nothing matches these filters.').waitFor();
      await page.getByTestId('filters-clear').click();
      await page.getByTestId('tickets-table').getByText('Viewable ticket one').waitFor();

      await page.getByTestId('ticket-search').fill('viewable');
      await page.getByTestId('ticket-search').press('Enter');
      await page.getByTestId('save-view').click();
      await page.getByTestId('view-name').fill('Viewable ones');
      await page.getByTestId('view-save-submit').click();
      await page.getByTestId('view-name').waitFor({ state: 'detached' });

      await page.getByTestId('filters-clear').click();
      await expect.poll(() => page.getByTestId('ticket-search').inputValue()).toBe('');
      await page.getByTestId('saved-view').click();
      await page.getByRole('option', { name: 'Viewable ones' }).click();
      await expect.poll(() => page.getByTestId('ticket-search').inputValue()).toBe('viewable');
      await page.getByTestId('tickets-table').getByText('Viewable ticket one').waitFor();

      await page.getByTestId('delete-view').click();
      await page.getByTestId('confirm-button').click();
      await page.getByTestId('delete-view').waitFor({ state: 'detached' });
      const views = (await (await page.request.get(`${server.baseUrl}/api/v1/ticket-views`)).json()) as { items: { name: string }[] };
      expect(views.items.map((view) => view.name)).not.toContain('Viewable ones');
    });
    await page.close();
  });

  it('an admin defines a custom field, creates a company, a contact in it and an account they act on, notes it, then filters and tags contacts', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await journey(page, 'company-account-custom-field', async () => {
      const login = await page.request.post(`${server.baseUrl}/api/v1/auth/login`, { data: { email: adminEmail, password: adminPassword } });
      expect(login.status()).toBe(200);

      // A choice field for contacts.
      await page.goto(`${server.baseUrl}/admin/custom-fields`);
      await page.getByTestId('new-custom-field').click();
      await page.getByTestId('field-label').fill('Customer tier');
      expect(await page.getByTestId('field-key').inputValue()).toBe('customer_tier');
      await page.getByTestId('field-type').click();
      await page.getByRole('option', { name: 'choice', exact: true }).click();
      await page.getByTestId('field-options').fill('gold');
      await page.getByTestId('field-options').press('Enter');
      await page.getByTestId('field-options').fill('silver');
      await page.getByTestId('field-options').press('Enter');
      await page.getByTestId('field-save').click();
      await page.getByTestId('custom-fields-table').getByText('gold, silver').waitFor();

      // A company.
      await page.goto(`${server.baseUrl}/customers/companies`);
      await page.getByTestId('new-company').click();
      await page.getByTestId('company-name').fill('Acme Wholesale');
      await page.getByTestId('company-vatNumber').fill('DE 123 456');
      await page.getByTestId('company-save').click();
      await page.getByTestId('company-name').getByText('Acme Wholesale').waitFor();

      // A contact in the company, with the custom field.
      await page.getByTestId('nav-customers').click();
      await page.getByTestId('new-contact').click();
      await page.getByTestId('contact-first-name').fill('Wanda');
      await page.getByTestId('contact-last-name').fill('Wholesale');
      await page.getByTestId('email-0').fill('wanda@acme.test');
      await page.getByTestId('contact-company-id').click();
      await page.getByTestId('contact-company-id').fill('Acme');
      await page.getByRole('option', { name: 'Acme Wholesale' }).click();
      await page.getByTestId('custom-field-customer_tier').click();
      await page.getByRole('option', { name: 'gold' }).click();
      await page.getByTestId('contact-save').click();
      await page.getByTestId('contact-name').getByText('Wanda Wholesale').waitFor();
      expect(await page.getByTestId('custom-value-customer_tier').textContent()).toBe('gold');
      expect(await page.getByTestId('contact-lifecycle').textContent()).toBe('prospect');

      // An account held by the company, on which Wanda acts.
      await page.getByTestId('contact-company-link').getByText('Acme Wholesale').click();
      await page.getByTestId('company-name').getByText('Acme Wholesale').waitFor();
      await page.goto(`${server.baseUrl}/customers/accounts`);
      await page.getByTestId('new-account').click();
      await page.getByTestId('account-number').fill('ACME-001');
      await page.getByTestId('account-creditRating').fill('A');
      await page.getByTestId('account-holder').click();
      await page.getByTestId('account-holder').fill('Acme');
      await page.getByRole('option', { name: 'Acme Wholesale' }).click();
      await page.getByTestId('account-add-contact').click();
      await page.getByTestId('account-add-contact').fill('wanda');
      await page.getByRole('option', { name: /Wanda Wholesale/ }).click();
      await page.getByTestId('account-save').click();
      await page.getByTestId('account-title').getByText('ACME-001').waitFor();
      await page.getByTestId('account-contacts').getByText('Wanda Wholesale').click();
      await page.getByTestId('contact-name').getByText('Wanda Wholesale').waitFor();
      await expect.poll(() => page.getByTestId('contact-lifecycle').textContent()).toBe('financial');

      // A note on her record, then corrected.
      await page.getByTestId('contact-notes-tab').click();
      await page.getByTestId('note-body').fill('Prefers invoices by email');
      await page.getByTestId('note-add').click();
      await page.getByTestId('note').getByText('Prefers invoices by email').waitFor();
      await page.getByTestId('note-edit').click();
      await page.getByTestId('note-edit-body').fill('Prefers invoices by post');
      await page.getByTestId('note-edit-save').click();
      await page.getByTestId('note').getByText('Prefers invoices by post').waitFor();

      // The list filters on the custom field; a batch action tags the selected contact.
      await page.getByTestId('nav-customers').click();
      await page.getByTestId('filter-cf-key').click();
      await page.getByRole('option', { name: 'Customer tier' }).click();
      await page.getByTestId('filter-cf-value').click();
      await page.getByRole('option', { name: 'gold' }).click();
      await page.getByTestId('filter-cf-apply').click();
      await page.getByTestId('contacts-table').getByText('Wanda Wholesale').waitFor();
      await expect.poll(() => page.getByTestId('contacts-table').locator('tbody tr').count()).toBe(1);
      await page.getByTestId('select-row').first().check();
      await page.getByTestId('batch-tag').fill('vip');
      await page.getByTestId('batch-add-tag').click();
      await page.getByTestId('contacts-table').getByText('vip').waitFor();

      // Life cycle filter and a sortable column header.
      await page.getByTestId('filter-lifecycle').click();
      await page.getByRole('option', { name: 'Financial (has an account)' }).click();
      await page.getByTestId('contacts-table').getByText('Wanda Wholesale').waitFor();
      await page.getByTestId('sort-name').click();
      await expect.poll(() => page.getByTestId('sort-name').getAttribute('aria-sort')).toBe('descending');
      await page.getByTestId('contacts-table').getByText('Wanda Wholesale').waitFor();
    });
    await page.close();
  });
});
