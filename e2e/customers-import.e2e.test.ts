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

// Semicolons, a BOM, a quoted newline and a repeated email: the kind of file a spreadsheet exports.
const csv = '\ufeffFirst name;Surname;E-mail;Organisation name\r\nImre;Importer;imre@import-e2e.test;"Acme\nLtd"\r\n\r\nIrma;Importer;irma@import-e2e.test;Globex\r\nIrma;Again;IMRE@import-e2e.test;\r\n';

describe('importing contacts', () => {
  it('uploads a file, maps a column by hand, previews, imports, finds the contacts in the list, then one by a misspelled name, and opens its timeline', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await journey(page, 'customer-import', async () => {
      const login = await page.request.post(`${server.baseUrl}/api/v1/auth/login`, { data: { email: adminEmail, password: adminPassword } });
      expect(login.status()).toBe(200);
      await page.goto(`${server.baseUrl}/customers`);
      await page.getByTestId('import-contacts').click();
      await page.locator('input[type=file]').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByTestId('import-upload').click();

      // Suggestions fill the known headers; "Organisation name" is mapped by hand.
      await page.getByTestId('import-mapping').waitFor();
      expect(await page.getByTestId('mapping-2').inputValue()).toBe('Email');
      expect(await page.getByTestId('mapping-3').inputValue()).toBe('(ignore)');
      await page.getByTestId('mapping-3').click();
      await page.getByRole('option', { name: 'Company name', exact: true }).click();

      await page.getByTestId('import-preview').click();
      await page.getByTestId('import-preview-result').waitFor();
      expect(await page.getByTestId('preview-create').textContent()).toBe('2');
      expect(await page.getByTestId('preview-error').textContent()).toBe('1');
      await page.getByTestId('preview-row-4').getByText(/repeats row 2/).waitFor();

      await page.getByTestId('import-commit').click();
      await expect.poll(() => page.getByTestId('import-status').textContent(), { timeout: 20_000 }).toBe('completed');
      await page.getByTestId('import-progress').getByText('2 created, 0 updated, 1 refused').waitFor();
      expect(await page.getByTestId('import-errors-link').getAttribute('href')).toMatch(/errors\.csv$/);

      await page.getByTestId('import-view-contacts').click();
      await page.getByTestId('contact-search').fill('import-e2e');
      await page.getByTestId('contact-search').press('Enter');
      await page.getByTestId('contacts-table').getByText('Imre Importer').waitFor();
      await page.getByTestId('contacts-table').getByText('Irma Importer').waitFor();
      await page.getByTestId('contacts-table').getByText('Acme').first().waitFor();

      // Then, as staff would: find an imported contact by a misspelled name and read its timeline.
      await page.getByTestId('global-search').fill('Imre Imorter');
      const results = page.getByTestId('global-search-results');
      await results.getByTestId('search-group-contact').getByText('Imre Importer', { exact: true }).click();
      await page.getByTestId('contact-name').getByText('Imre Importer').waitFor();
      await page.getByTestId('contact-timeline-tab').click();
      await page.getByTestId('contact-timeline').getByText('Contact created').waitFor();
    });
  });
});
