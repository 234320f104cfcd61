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

describe('duplicates and merge', () => {
  it('finds two records of one customer, merges them with a picked name, lands on the winner, and undoes the merge', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await journey(page, 'customers-merge', async () => {
      const login = await page.request.post(`${server.baseUrl}/api/v1/auth/login`, { data: { email: adminEmail, password: adminPassword } });
      expect(login.status()).toBe(200);
      const headers = { 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
      const post = async (path: string, data: object) => {
        const response = await page.request.post(`${server.baseUrl}/api/v1${path}`, { headers, data });
        expect(response.status(), await response.text()).toBe(201);
        return (await response.json()) as { id: string; number: number };
      };
      const studio = await post('/companies', { name: 'Silver Screen Studios' });
      const winner = await post('/contacts', { firstName: 'Greta', lastName: 'Garbo', email: 'greta.garbo@film.test', companyId: studio.id });
      const loser = await post('/contacts', { firstName: 'Greta Lovisa', lastName: 'Garbo', email: 'gretagarbo+news@film.test', companyId: studio.id, jobTitle: 'Actress' });
      const ticket = await post('/tickets', { subject: 'Autograph request', contact: { contactId: loser.id } });

      // The Duplicates tab lists the pair with its reasons; Compare opens the side-by-side merge.
      await page.goto(`${server.baseUrl}/customers`);
      await page.getByTestId('customers-tabs').getByText('Duplicates').click();
      const row = page.getByTestId('duplicate-row').filter({ hasText: 'Greta Lovisa Garbo' });
      await row.getByText('same email').waitFor();
      await row.getByText('similar name + same company').waitFor();
      await row.getByTestId('duplicate-compare').click();

      await page.getByTestId('merge-table').waitFor();
      expect(await page.getByTestId('merge-winner').textContent()).toBe('Greta Garbo');
      expect(await page.getByTestId('merge-loser').textContent()).toBe('Greta Lovisa Garbo');
      await page.getByTestId('merge-moves').getByText('Tickets: 1').waitFor();
      expect(await page.getByTestId('merge-outcome-name').textContent()).toContain('Greta Garbo');
      // The loser's first name wins; the preview follows the pick.
      await page.getByTestId('pick-firstName-loser').check();
      await expect.poll(() => page.getByTestId('merge-outcome-name').textContent()).toContain('Greta Lovisa Garbo');
      expect(await page.getByTestId('merge-outcome-emails').textContent()).toBe('greta.garbo@film.test (default), gretagarbo+news@film.test');

      await page.getByTestId('merge-submit').click();
      await page.getByTestId('confirm-dialog').getByText('You can undo this for 30 days.').waitFor();
      await page.getByTestId('confirm-button').click();

      // The winner's page: the picked name, the moved ticket, a notice and the undo.
      await page.getByTestId('merge-success').waitFor();
      expect(page.url()).toContain(`/customers/${winner.id}`);
      await page.getByTestId('contact-name').getByText('Greta Lovisa Garbo').waitFor();
      await page.getByTestId('contact-tickets').getByText('Autograph request').waitFor();
      await expect.poll(() => page.getByTestId('contact-total-tickets').textContent()).toBe('1');

      // The merged contact's old address leads to the winner.
      await page.goto(`${server.baseUrl}/customers/${loser.id}`);
      await expect.poll(() => page.url()).toContain(`/customers/${winner.id}`);
      await page.getByTestId('contact-merge-banner').waitFor();

      await page.getByTestId('undo-merge').click();
      await page.getByTestId('confirm-button').click();
      await page.getByTestId('merge-undone').waitFor();
      await page.getByTestId('contact-name').getByText('Greta Garbo', { exact: true }).waitFor();
      await expect.poll(() => page.getByTestId('contact-total-tickets').textContent()).toBe('0');
      expect(await page.getByTestId('contact-merge-banner').count()).toBe(0);

      await page.getByTestId('merge-undone-loser').click();
      await page.getByTestId('contact-name').getByText('Greta Lovisa Garbo').waitFor();
      expect(page.url()).toContain(`/customers/${loser.id}`);
      await page.getByTestId('contact-tickets').getByText('Autograph request').waitFor();
      expect(ticket.number).toBeGreaterThan(0);
    });
    await page.close();
  });
});
