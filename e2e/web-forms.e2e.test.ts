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

describe('web forms', () => {
  it('an admin builds a form, a visitor fixes a bad answer and sends it, and staff find the case with every answer', async () => {
    await browser.context.clearCookies();
    const base = server.baseUrl;
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page = await browser.context.newPage();
    await journey(page, 'web-forms', async () => {
      const login = await page.request.post(`${base}/api/v1/auth/login`, { data: { email: adminEmail, password: adminPassword } });
      expect(login.status()).toBe(200);

      // The admin builds the form: a name (the address follows it), a question of its own, a department, a thank-you.
      await page.goto(`${base}/`);
      await page.getByTestId('nav-web-forms').click();
      await page.getByTestId('new-web-form').click();
      await page.getByTestId('web-form-name').fill('Warranty claim');
      expect(await page.getByTestId('web-form-slug').inputValue()).toBe('warranty-claim');
      await page.getByTestId('add-question').click();
      const question = page.getByTestId('web-form-field-4');
      await question.getByLabel('Label').fill('Order number');
      expect(await question.getByLabel('Key').inputValue()).toBe('order_number');
      await question.getByLabel('Help text').fill('The number on your receipt');
      await question.getByTestId('field-type').click();
      await page.getByRole('option', { name: 'Number', exact: true }).click();
      await question.getByLabel('Required').check();
      // Asked before the message.
      await page.getByRole('button', { name: 'Move Order number up' }).click();
      expect(await page.getByTestId('web-form-field-3').getByLabel('Label').inputValue()).toBe('Order number');
      await page.getByTestId('web-form-department').click();
      await page.getByRole('option', { name: 'Customer Support' }).click();
      await page.getByTestId('web-form-thank-you').fill('Thanks! We will look at your claim within two days.');
      await page.getByTestId('web-form-save').click();

      // Saved: the page now shows where the form lives and the code to embed it, with a copy button.
      const publish = page.getByTestId('web-form-publish');
      await publish.waitFor();
      expect(new URL(page.url()).pathname).toMatch(/^\/admin\/web-forms\/[0-9a-f-]{36}$/);
      const publicUrl = new URL((await page.getByTestId('web-form-public-url').getAttribute('href'))!);
      expect(publicUrl.pathname).toBe('/forms/warranty-claim');
      expect(await page.getByTestId('web-form-embed-code').textContent()).toContain('/forms/warranty-claim?embed=1');
      await page.screenshot({ path: 'e2e/artifacts/web-form-builder.png', fullPage: true });
      await page.getByTestId('copy-embed-code').click();
      await page.getByTestId('copy-embed-code').getByText('Copied').waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('<iframe src=');

      // A visitor opens the public address (no staff session needed) and sends one answer wrong.
      const visitorPage = await browser.context.newPage();
      await visitorPage.goto(`${base}${publicUrl.pathname}`);
      const form = visitorPage.getByTestId('web-form');
      const email = `rita-${Date.now()}@example.com`;
      await form.getByLabel('First name').fill('Rita');
      await form.getByLabel('Last name').fill('Reyes');
      await form.getByLabel('Email').fill(email);
      await form.getByLabel('Order number').fill('WX-12');
      await form.getByLabel('Message').fill('The kettle stopped heating after a week.');
      expect(await form.getByLabel('Order number').getAttribute('aria-describedby')).toBe('field-order_number-help');
      // People take a few seconds over a form; the server refuses forms sent faster than that.
      await visitorPage.waitForTimeout(3_200);
      await form.getByRole('button', { name: 'Send' }).click();

      await visitorPage.getByTestId('form-errors').getByText('Order number: must be a number').waitFor();
      await visitorPage.screenshot({ path: 'e2e/artifacts/web-form-error.png', fullPage: true });
      const orderNumber = visitorPage.getByTestId('web-form').getByLabel('Order number');
      expect(await orderNumber.getAttribute('aria-invalid')).toBe('true');
      expect(await orderNumber.inputValue()).toBe('WX-12');
      expect(await visitorPage.locator('#field-order_number-error').textContent()).toBe('must be a number');
      expect(await visitorPage.getByTestId('web-form').getByLabel('First name').inputValue()).toBe('Rita');
      await orderNumber.fill('1234');
      await visitorPage.getByTestId('web-form').getByRole('button', { name: 'Send' }).click();
      await visitorPage.getByTestId('web-form-thanks').getByText('Thanks! We will look at your claim within two days.').waitFor();
      await visitorPage.screenshot({ path: 'e2e/artifacts/web-form-thanks.png' });
      await visitorPage.close();

      // Staff see the new case in the queue, waiting on them, and every answer on it.
      await page.getByTestId('nav-tickets').click();
      const row = page.getByTestId('tickets-table').getByRole('row').filter({ hasText: 'Warranty claim' }).filter({ hasText: 'Rita Reyes' });
      await row.waitFor();
      expect(await row.getAttribute('data-waiting')).toBe('true');
      await row.click();
      const message = page.getByTestId('messages').getByTestId('message-public');
      await message.waitFor();
      const text = (await message.textContent()) ?? '';
      for (const answer of ['First name: Rita', 'Last name: Reyes', `Email: ${email}`, 'Order number: 1234', 'Message: The kettle stopped heating after a week.']) expect(text).toContain(answer);

      // The form lists its submission with the case it opened.
      await page.getByTestId('nav-web-forms').click();
      await page.getByTestId('web-form-row-warranty-claim').getByText('1', { exact: true }).waitFor();
    });
  });
});
