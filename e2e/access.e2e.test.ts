import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { adminEmail, adminPassword, journey, launchBrowser, startServer, type RunningBrowser, type RunningServer } from './harness';

const supportEmail = 'sam.support@example.com';
const supportPassword = 'support-password-1';

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

async function newPage(): Promise<Page> {
  await browser.context.clearCookies();
  return browser.context.newPage();
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${server.baseUrl}/`);
  await page.getByTestId('login-form').waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  // Enter submits the form.
  await page.getByLabel(/^Password/).press('Enter');
  await page.getByTestId('navbar').waitFor();
}

async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await page.getByTestId('login-form').waitFor();
}

describe('access administration', () => {
  it('admin creates a custom right, a group with it and a user in that group', async () => {
    const page = await newPage();
    await journey(page, 'admin-sets-up-support', async () => {
      await signIn(page, adminEmail, adminPassword);
      for (const item of ['nav-users', 'nav-groups', 'nav-units', 'nav-api-tokens', 'nav-audit', 'nav-outbox', 'nav-jobs']) {
        await expect(page.getByTestId(item).isVisible()).resolves.toBe(true);
      }

      // A custom right.
      await page.getByTestId('nav-groups').click();
      await page.getByTestId('rights-tab').click();
      const rightForm = page.getByTestId('create-right-form');
      await rightForm.getByLabel('Key').fill('refunds.approve');
      await rightForm.getByLabel('Label').fill('Approve refunds');
      await rightForm.getByLabel('Description').fill('May approve refunds above the limit');
      await rightForm.getByRole('button', { name: 'Create right' }).click();
      await page.getByTestId('rights-table').getByText('custom.refunds.approve').waitFor();

      // A group holding users.read and the custom right.
      await page.getByTestId('groups-tab').click();
      await page.getByTestId('new-group').click();
      const groupForm = page.getByTestId('group-form');
      await groupForm.getByLabel('Name').fill('Support');
      await groupForm.getByLabel('Description').fill('First-line support agents');
      await groupForm.getByRole('checkbox', { name: 'View staff users' }).check();
      await groupForm.getByRole('checkbox', { name: 'Approve refunds' }).check();
      await groupForm.getByRole('button', { name: 'Create group' }).click();
      await groupForm.waitFor({ state: 'detached' });
      await page.getByTestId('groups-table').getByText('Support', { exact: true }).waitFor();

      // A user in that group, with a password.
      await page.getByTestId('nav-users').click();
      await page.getByTestId('new-user').click();
      const userForm = page.getByTestId('create-user-form');
      await userForm.getByLabel('Email').fill(supportEmail);
      await userForm.getByLabel('Name').fill('Sam Support');
      await userForm.getByLabel(/^Password/).fill(supportPassword);
      await userForm.getByLabel('Groups', { exact: true }).click();
      await page.getByRole('option', { name: 'Support' }).click();
      await userForm.getByLabel('Name').click();
      await userForm.getByRole('button', { name: 'Create user' }).click();
      await userForm.waitFor({ state: 'detached' });

      // The new user's drawer opens; its history records the creation.
      const drawer = page.getByTestId('user-drawer');
      await drawer.getByTestId('edit-user-form').waitFor();
      await drawer.getByTestId('user-history-tab').click();
      await drawer.getByText('user.created').waitFor();
      await page.keyboard.press('Escape');
      await page.getByTestId('users-table').getByText(supportEmail).waitFor();

      await signOut(page);
    });
    await page.close();
  });

  it('a support agent sees only what their group grants', async () => {
    const page = await newPage();
    await journey(page, 'support-agent-rights', async () => {
      await signIn(page, supportEmail, supportPassword);
      await page.getByTestId('nav-users').waitFor();
      await page.getByTestId('nav-api-tokens').waitFor();
      for (const hidden of ['nav-groups', 'nav-units', 'nav-audit', 'nav-outbox', 'nav-jobs']) {
        expect(await page.getByTestId(hidden).count(), hidden).toBe(0);
      }

      await page.getByTestId('nav-users').click();
      await page.getByTestId('users-table').getByText(supportEmail).waitFor();
      expect(await page.getByTestId('new-user').count()).toBe(0);

      await page.goto(`${server.baseUrl}/admin/groups`);
      await page.getByTestId('no-access').waitFor();
      expect(await page.getByText("You don't have access").isVisible()).toBe(true);

      await signOut(page);
    });
    await page.close();
  });
});

describe('customer portal', () => {
  it('serves the portal page at /portal/', async () => {
    const page = await newPage();
    await journey(page, 'portal-loads', async () => {
      const response = await page.goto(`${server.baseUrl}/portal/`);
      expect(response?.status()).toBe(200);
      // The portal's own bundle: its journeys (e2e/portal.e2e.test.ts) sign a customer up and in.
      await expect(page.getByTestId('portal-title').textContent()).resolves.toBe('My Account');
    });
    await page.close();
  });
});
