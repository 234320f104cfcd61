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

describe('global search and the timeline', () => {
  it('finds a contact by a misspelled name from the top bar with /, opens it, and reads the timeline', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await journey(page, 'customer-search', async () => {
      const login = await page.request.post(`${server.baseUrl}/api/v1/auth/login`, { data: { email: adminEmail, password: adminPassword } });
      expect(login.status()).toBe(200);
      const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
      const created = await page.request.post(`${server.baseUrl}/api/v1/contacts`, {
        headers: { 'x-csrf-token': csrf },
        data: { firstName: 'Bartholomew', lastName: 'Quackenbush', email: 'bart.q@example.com', phone: '+1 415 555 0177' },
      });
      expect(created.status()).toBe(201);
      const contact = (await created.json()) as { id: string };
      const note = await page.request.post(`${server.baseUrl}/api/v1/contacts/${contact.id}/notes`, { headers: { 'x-csrf-token': csrf }, data: { body: 'Called about the spring catalogue' } });
      expect(note.status()).toBe(201);

      await page.goto(`${server.baseUrl}/`);
      await page.getByTestId('product-name').waitFor();
      // `/` anywhere but a text field focuses the search box.
      await page.keyboard.press('/');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('global-search');
      await page.keyboard.type('Bartolomew Quakenbush');
      const results = page.getByTestId('global-search-results');
      await results.getByTestId('search-group-contact').getByText('Bartholomew Quackenbush', { exact: true }).waitFor();
      expect(await results.getByTestId('match-reason').first().textContent()).toContain('Name:');
      await page.keyboard.press('Enter');
      await page.getByTestId('contact-name').getByText('Bartholomew Quackenbush').waitFor();
      expect(page.url()).toContain(`/customers/${contact.id}`);

      await page.getByTestId('contact-timeline-tab').click();
      const timeline = page.getByTestId('contact-timeline');
      await timeline.getByText('Called about the spring catalogue').waitFor();
      await timeline.getByText('Contact created').waitFor();
      await timeline.getByText('Notes', { exact: true }).click();
      await expect.poll(() => timeline.getByTestId('timeline-entry').count()).toBe(1);
      expect(await timeline.getByTestId('timeline-entry').first().getAttribute('data-kind')).toBe('note');

      // Esc closes the results; "see all" opens the list with the search.
      await page.keyboard.press('/');
      await page.keyboard.type('quackenb');
      await page.getByTestId('search-see-all-contact').waitFor();
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByTestId('global-search-results').isVisible()).toBe(false);
      await page.getByTestId('global-search').click();
      await page.getByTestId('search-see-all-contact').click();
      await page.getByTestId('contacts-table').getByText('Bartholomew Quackenbush', { exact: true }).waitFor();
    });
  });
});
