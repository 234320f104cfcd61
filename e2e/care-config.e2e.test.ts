import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, Locator, Page } from 'playwright-core';
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

interface Named {
  id: string;
  name: string;
}

/** Signs in through the API (the browser context keeps the cookie) and returns a reader for assertions. */
async function signIn(page: Page) {
  const login = await page.request.post(`${server.baseUrl}/api/v1/auth/login`, { data: { email: adminEmail, password: adminPassword } });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const request: APIRequestContext = page.request;
  return {
    get: async <T>(path: string): Promise<T> => {
      const response = await request.get(`${server.baseUrl}/api/v1${path}`);
      expect(response.status()).toBe(200);
      return (await response.json()) as T;
    },
    patch: (path: string, data: object) => request.patch(`${server.baseUrl}/api/v1${path}`, { data, headers: { 'x-csrf-token': csrfToken } }),
  };
}

async function choose(page: Page, testId: string, option: string, within: Page | Locator = page) {
  await within.getByTestId(testId).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('customer-care settings', () => {
  it('an admin renames and moves a status, creates a department, creates a type with a rule for one unit, and sets a priority', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await journey(page, 'care-config', async () => {
      const api = await signIn(page);
      await page.goto(`${server.baseUrl}/`);
      await page.getByTestId('nav-care-settings').click();
      await page.getByTestId('statuses-table').waitFor();
      expect(new URL(page.url()).pathname).toBe('/admin/care/statuses');

      // Rename a status, then move it up one place.
      await page.getByTestId('status-row-On Hold').getByTestId('edit-status').click();
      await page.getByTestId('status-name-input').fill('Waiting on customer');
      await page.getByTestId('save-status').click();
      const renamed = page.getByTestId('status-row-Waiting on customer');
      await renamed.waitFor();
      expect(await page.getByTestId('status-row-On Hold').count()).toBe(0);
      await renamed.getByTestId('status-up').click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="status-name"]')[1]?.textContent === 'Waiting on customer');
      const statuses = (await api.get<{ items: (Named & { state: string; position: number })[] }>('/ticket-statuses')).items.sort((a, b) => a.position - b.position);
      expect(statuses.map((s) => s.name).slice(0, 3)).toEqual(['New', 'Waiting on customer', 'In Process']);
      expect(statuses.find((s) => s.name === 'Waiting on customer')!.state).toBe('responded');

      // A department customers do not see, with a notification address.
      await page.getByTestId('care-settings-tab-departments').click();
      await page.getByTestId('new-department').click();
      await page.getByTestId('department-name').fill('Returns');
      await page.getByTestId('department-email-input').fill('returns@example.com');
      await page.getByTestId('department-visible').click();
      await page.getByTestId('save-department').click();
      const returnsRow = page.getByTestId('department-row-Returns');
      await returnsRow.waitFor();
      expect(await returnsRow.getByTestId('department-email').textContent()).toBe('returns@example.com');
      expect(await returnsRow.getByTestId('department-visibility').textContent()).toBe('Hidden');
      const returns = (await api.get<{ items: (Named & { email: string | null; visibleToCustomers: boolean })[] }>('/departments')).items.find((d) => d.name === 'Returns')!;
      expect(returns).toMatchObject({ email: 'returns@example.com', visibleToCustomers: false });

      // A ticket type whose New -> In Process move is for the Returns unit only.
      await page.getByTestId('care-settings-tab-ticket-types').click();
      await page.getByTestId('new-ticket-type').click();
      await page.getByTestId('new-type-name').fill('Warranty claim');
      await page.getByTestId('create-ticket-type').click();
      await page.getByTestId('ticket-type-title').getByText('Warranty claim').waitFor();
      expect(await page.getByTestId('no-transition-rules').count()).toBe(1);
      await page.getByTestId('add-transition').click();
      const rule = page.getByTestId('transition-row');
      await choose(page, 'transition-from', 'New (pending)', rule);
      await choose(page, 'transition-to', 'In Process (responded)', rule);
      await choose(page, 'transition-units', 'Returns', rule);
      await page.keyboard.press('Escape');
      await page.getByTestId('save-ticket-type').click();
      await page.getByTestId('ticket-type-saved').waitFor();

      const byName = new Map(statuses.map((s) => [s.name, s.id]));
      const types = (await api.get<{ items: (Named & { code: string; transitions: { fromStatusId: string; toStatusId: string; userIds: string[]; unitIds: string[] }[] })[] }>('/ticket-types')).items;
      const warranty = types.find((t) => t.name === 'Warranty claim')!;
      expect(warranty.code).toBe('WARRANTY-CLAIM');
      expect(warranty.transitions).toEqual([{ fromStatusId: byName.get('New'), toStatusId: byName.get('In Process'), userIds: [], unitIds: [returns.id] }]);
      // After a reload the page shows the saved rule.
      await page.reload();
      await page.getByTestId('transition-row').waitFor();
      expect(await page.getByTestId('transition-row').count()).toBe(1);
      expect(await page.getByTestId('transition-from').inputValue()).toBe('New (pending)');
      expect(await page.getByTestId('transition-row').getByText('Returns', { exact: true }).count()).toBe(1);

      // High impact with low urgency becomes Critical instead of the automatic choice.
      await page.getByTestId('care-settings-tab-priorities').click();
      const cell = page.getByTestId('matrix-cell-1-3');
      await cell.waitFor();
      expect(await cell.getAttribute('data-explicit')).toBe('false');
      await choose(page, 'matrix-cell-1-3', 'Critical');
      await page.getByTestId('save-priority-model').click();
      await page.getByTestId('priority-model-saved').waitFor();
      const model = await api.get<{ impacts: { id: string; rank: number }[]; urgencies: { id: string; rank: number }[]; priorities: { id: string; label: string }[]; matrix: { impactId: string; urgencyId: string; priorityId: string; explicit: boolean }[] }>('/priority-model');
      const high = model.impacts.find((l) => l.rank === 1)!.id;
      const low = model.urgencies.find((l) => l.rank === 3)!.id;
      const critical = model.priorities.find((p) => p.label === 'Critical')!.id;
      expect(model.matrix.find((c) => c.impactId === high && c.urgencyId === low)).toEqual({ impactId: high, urgencyId: low, priorityId: critical, explicit: true });
      expect(model.matrix.filter((c) => c.explicit)).toHaveLength(1);
      await page.reload();
      await page.getByTestId('matrix-cell-1-3').waitFor();
      expect(await page.getByTestId('matrix-cell-1-3').inputValue()).toBe('Critical');
      expect(await page.getByTestId('matrix-cell-1-3').getAttribute('data-explicit')).toBe('true');
    });
    await page.close();
  });

  it('a save over someone else’s change is refused, the screen reloads, and the next save works', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await journey(page, 'care-config-stale', async () => {
      const api = await signIn(page);
      await page.goto(`${server.baseUrl}/admin/care/cancellation-reasons`);
      await page.getByTestId('reason-row-Duplicate').getByTestId('edit-reason').click();
      await page.getByTestId('reason-name').fill('Duplicate request');

      // Someone else renames it first.
      const reason = (await api.get<{ items: (Named & { version: number })[] }>('/cancellation-reasons')).items.find((r) => r.name === 'Duplicate')!;
      expect((await api.patch(`/cancellation-reasons/${reason.id}`, { version: reason.version, name: 'Duplicate ticket' })).status()).toBe(200);

      await page.getByTestId('save-reason').click();
      await page.getByTestId('stale-alert').waitFor();
      // The form now shows their name; reloading clears the warning.
      await page.waitForFunction(() => (document.querySelector('[data-testid="reason-name"]') as HTMLInputElement | null)?.value === 'Duplicate ticket');
      await page.getByTestId('reload-after-stale').click();
      await page.getByTestId('stale-alert').waitFor({ state: 'detached' });
      await page.getByTestId('reason-name').fill('Duplicate request');
      await page.getByTestId('save-reason').click();
      await page.getByTestId('reason-row-Duplicate request').waitFor();
      const names = (await api.get<{ items: Named[] }>('/cancellation-reasons')).items.map((r) => r.name);
      expect(names).toContain('Duplicate request');
      expect(names).not.toContain('Duplicate ticket');

      // A refused delete keeps its explanation in the confirmation dialog.
      await page.goto(`${server.baseUrl}/admin/care/statuses`);
      await page.getByTestId('status-row-Cancelled').getByTestId('delete-status').click();
      await page.getByTestId('confirm-button').click();
      await page.getByTestId('confirm-dialog').getByTestId('problem-alert').waitFor();
      expect(await page.getByTestId('confirm-dialog').getByTestId('problem-alert').textContent()).toContain('needs at least one status');
    });
    await page.close();
  });
});
