import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { adminEmail, adminPassword, journey, launchBrowser, startServer, type RunningBrowser, type RunningServer } from './harness';

// The admin lists share their loading, empty and error states, their forms' save and their
// delete confirmation (web/src/ui). These journeys walk the create and delete paths the other
// journeys do not: forms sent with Enter, deletes asked first, a no that deletes nothing.

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

async function signIn(page: Page): Promise<void> {
  const login = await page.request.post(`${server.baseUrl}/api/v1/auth/login`, { data: { email: adminEmail, password: adminPassword } });
  expect(login.status()).toBe(200);
}

/** Checks what the open confirmation says, and says yes. */
async function confirmDelete(page: Page, says: string): Promise<void> {
  // The dialog's root wraps a portal and has no box of its own: wait for its button.
  const yes = page.getByTestId('confirm-button');
  await yes.waitFor();
  expect(await page.getByTestId('confirm-dialog').textContent()).toContain(says);
  await yes.click();
  await yes.waitFor({ state: 'detached' });
}

describe('admin lists', () => {
  it('an admin creates and deletes a business unit and a group, asked before each delete', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await journey(page, 'admin-lists-units-groups', async () => {
      await signIn(page);

      // A unit, sent with Enter; it gets a History tab once it exists.
      await page.goto(`${server.baseUrl}/admin/units`);
      await page.getByTestId('new-unit').click();
      const unitForm = page.getByTestId('unit-form');
      await unitForm.getByLabel('Name').fill('Billing desk');
      await unitForm.getByLabel('Name').press('Enter');
      await unitForm.waitFor({ state: 'detached' });
      const unitRow = page.getByTestId('unit-row').filter({ hasText: 'Billing desk' });
      await unitRow.click();
      await page.getByRole('tab', { name: 'History' }).click();
      await page.getByText('business_unit.created').waitFor();
      await page.getByRole('tab', { name: 'Details' }).click();
      await page.getByTestId('delete-unit').click();
      await confirmDelete(page, '“Billing desk” will be deleted and its members removed from it.');
      await page.getByTestId('unit-form').waitFor({ state: 'detached' });
      await expect.poll(() => unitRow.count()).toBe(0);

      // A group, deleted from its own form.
      await page.goto(`${server.baseUrl}/admin/groups`);
      await page.getByTestId('new-group').click();
      const groupForm = page.getByTestId('group-form');
      await groupForm.getByLabel('Name').fill('Night shift');
      await groupForm.getByRole('button', { name: 'Create group' }).click();
      await groupForm.waitFor({ state: 'detached' });
      const groupRow = page.getByTestId('group-row').filter({ hasText: 'Night shift' });
      await groupRow.click();
      await page.getByTestId('delete-group').click();
      await confirmDelete(page, '“Night shift” will be deleted. Its 0 member(s) lose the rights it grants.');
      await groupForm.waitFor({ state: 'detached' });
      await expect.poll(() => groupRow.count()).toBe(0);

      // A custom right: a refused form names its field, a good one clears, and a delete is asked first.
      await page.getByTestId('rights-tab').click();
      const rightForm = page.getByTestId('create-right-form');
      await rightForm.getByLabel('Key').fill('night.approve');
      await rightForm.getByLabel('Label').fill('Approve at night');
      await rightForm.getByRole('button', { name: 'Create right' }).click();
      await page.getByTestId('rights-table').getByText('custom.night.approve').waitFor();
      expect(await rightForm.getByLabel('Key').inputValue()).toBe('');
      await page.getByRole('button', { name: 'Delete custom.night.approve' }).click();
      await confirmDelete(page, '“custom.night.approve” will be removed from every group and user that holds it.');
      await expect.poll(() => page.getByTestId('rights-table').getByText('custom.night.approve').count()).toBe(0);
    });
    await page.close();
  });

  it('a no deletes nothing; a yes deletes a cancellation reason, a rule and revokes a token', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await journey(page, 'admin-lists-reasons-rules-tokens', async () => {
      await signIn(page);

      await page.goto(`${server.baseUrl}/admin/care/cancellation-reasons`);
      await page.getByTestId('new-reason').click();
      await page.getByTestId('reason-name').fill('Sent by mistake');
      await page.getByTestId('reason-name').press('Enter');
      const row = page.getByTestId('reason-row-Sent by mistake');
      await row.waitFor();
      // Escape closes the question and keeps the reason.
      await row.getByTestId('delete-reason').click();
      await page.getByTestId('confirm-button').waitFor();
      await page.keyboard.press('Escape');
      await page.getByTestId('confirm-button').waitFor({ state: 'detached' });
      expect(await row.count()).toBe(1);
      await row.getByTestId('delete-reason').click();
      await confirmDelete(page, '“Sent by mistake” will be deleted and taken off every ticket type that offers it.');
      await row.waitFor({ state: 'detached' });

      await page.goto(`${server.baseUrl}/admin/communications/rules`);
      await page.getByTestId('new-rule').click();
      await page.getByTestId('rule-name').fill('Copy to the archive');
      await page.getByTestId('save-rule').click();
      const rule = page.getByTestId('rule-row-Copy to the archive');
      await rule.waitFor();
      await rule.getByTestId('delete-rule').click();
      await confirmDelete(page, '“Copy to the archive” will stop sending mail.');
      await rule.waitFor({ state: 'detached' });

      await page.goto(`${server.baseUrl}/admin/api-tokens`);
      await page.getByTestId('empty-state').getByText('No API tokens').waitFor();
      await page.getByTestId('new-token').click();
      await page.getByTestId('create-token-form').getByLabel('Name').fill('ERP sync');
      await page.getByTestId('create-token').click();
      await page.getByTestId('token-secret').waitFor();
      await page.getByRole('button', { name: 'I have stored it' }).click();
      const token = page.getByTestId('token-row').filter({ hasText: 'ERP sync' });
      await token.getByText('Active').waitFor();
      await page.getByRole('button', { name: 'Revoke ERP sync' }).click();
      await confirmDelete(page, 'Integrations using “ERP sync” stop working immediately.');
      await token.getByText('Revoked').waitFor();
    });
    await page.close();
  });
});
