import nodemailer from 'nodemailer';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminEmail, adminPassword, freePort, journey, launchBrowser, startServer, type RunningBrowser, type RunningServer } from './harness';
import { startMailSink, type MailSink, type ReceivedMail } from './smtp-sink';

// The whole 3dCart ticket loop with real mail both ways: Patron sends through SMTP_URL to a sink
// this test runs, and the customer's reply goes over SMTP to Patron's own listener.
let sink: MailSink;
let server: RunningServer;
let browser: RunningBrowser;
let inboundPort = 0;

beforeAll(async () => {
  sink = await startMailSink();
  inboundPort = await freePort();
  server = await startServer({
    env: {
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      MAIL_FROM: 'Shop Support <support@shop.test>',
      INBOUND_SMTP_PORT: String(inboundPort),
      INBOUND_SMTP_HOST: '127.0.0.1',
      WORKER_POLL_MS: '200',
    },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.close();
});

function sentTo(address: string, subject: string) {
  return (received: ReceivedMail) => received.envelopeTo.includes(address) && received.mail.subject === subject;
}

/** The one link in a mail's text that matches; the HTML part, when there is one, must carry the same. */
function linkIn(received: ReceivedMail, pattern: RegExp): string {
  const links = (received.mail.text ?? '').match(new RegExp(pattern.source, 'g')) ?? [];
  expect(links, `links in "${received.mail.subject}"`).toHaveLength(1);
  if (received.mail.html) expect(received.mail.html).toContain(`href="${links[0]}"`);
  return links[0]!;
}

async function staffSignIn(page: Page): Promise<void> {
  await page.goto(`${server.baseUrl}/`);
  await page.getByTestId('login-form').waitFor();
  await page.getByLabel('Email').fill(adminEmail);
  await page.getByLabel(/^Password/).fill(adminPassword);
  await page.getByLabel(/^Password/).press('Enter');
  await page.getByTestId('navbar').waitFor();
}

/** Staff pick the next status (and for a response or resolution, its category) and send the reply with it. */
async function respond(page: Page, body: string, status: string, category?: string): Promise<void> {
  await page.getByTestId('reply-body').fill(body);
  await page.getByTestId('next-status').click();
  await page.getByRole('option', { name: status, exact: true }).click();
  if (category) {
    await page.getByTestId('solution-category').click();
    await page.getByRole('option', { name: category, exact: true }).click();
  }
  await page.getByTestId('add-response').click();
  await page.getByTestId('ticket-status').getByText(status, { exact: true }).waitFor();
}

describe('the channels loop with real SMTP', () => {
  it('portal sign-up and request, a staff resolution accepted from the mailed link, an emailed reply threaded, completion and a rating', async () => {
    await browser.context.clearCookies();
    const customer = await browser.context.newPage();
    const staff = await browser.context.newPage();
    const email = `casey.loop.${Date.now()}@customer.test`;
    const subject = 'Blender stops after ten seconds';
    let number = 0;

    // 1. The customer signs up; the verification mail reaches the sink and its link confirms the address.
    await journey(customer, 'channels-loop-portal', async () => {
      await customer.goto(`${server.baseUrl}/portal/signup`);
      const signUp = customer.getByTestId('portal-signup');
      await signUp.getByLabel('Your name').fill('Casey Loop');
      await signUp.getByLabel('Email').fill(email);
      await signUp.getByLabel('Password (at least 10 characters)').fill('casey loop password');
      await signUp.getByRole('button', { name: 'Create account' }).click();
      await customer.getByTestId('portal-signup-sent').waitFor();

      const verification = await sink.waitFor('verification', sentTo(email, 'Confirm your email address'));
      expect(verification.mail.from?.value[0]?.address).toBe('support@shop.test');
      await customer.goto(linkIn(verification, /http:\/\/127\.0\.0\.1:\d+\/portal\/verify-email\?token=\S+/));
      await customer.getByRole('button', { name: 'Confirm my email address' }).click();
      await customer.getByTestId('portal-verify').getByText('Your email address is confirmed').waitFor();

      await customer.goto(`${server.baseUrl}/portal/login`);
      const login = customer.getByTestId('portal-login');
      await login.getByLabel('Email').fill(email);
      await login.getByLabel('Password').fill('casey loop password');
      await login.getByRole('button', { name: 'Sign in' }).click();
      await customer.getByText('My Last Requests (30 days)').waitFor();

      // ... and submits a request.
      await customer.getByRole('navigation', { name: 'My Account' }).getByRole('link', { name: 'Requests', exact: true }).click();
      await customer.getByRole('link', { name: 'Add Request' }).click();
      const request = customer.getByTestId('portal-new-request');
      await request.getByLabel('Department').selectOption({ label: 'Customer Support' });
      await request.getByLabel('Subject').fill(subject);
      await request.getByLabel('Message').fill('My new blender stops after ten seconds, every time.');
      await request.getByRole('button', { name: 'Send request' }).click();
      await customer.getByTestId('portal-request-title').getByText(subject).waitFor();
      number = Number(new URL(customer.url()).pathname.split('/').pop());
      expect(number).toBeGreaterThan(0);
      await sink.waitFor('request received', sentTo(email, `[#${number}] We received your request: ${subject}`));
    });

    // 2. Staff see it highlighted in the queue, open it, answer, then resolve with a category that needs the customer's acceptance.
    await journey(staff, 'channels-loop-staff-resolves', async () => {
      await staffSignIn(staff);
      await staff.getByTestId('nav-tickets').click();
      const row = staff.getByTestId(`ticket-row-${number}`);
      await row.waitFor();
      expect(await row.getAttribute('data-waiting')).toBe('true');
      expect(await row.getByTestId('ticket-row-waiting').count()).toBe(1);
      await row.click();
      await staff.getByTestId('ticket-subject').getByText(subject).waitFor();
      expect(await staff.getByTestId('ticket-waiting').count()).toBe(1);
      await staff.getByTestId('assign-to-me').click();
      await staff.getByTestId('ticket-assignee').getByText('You').waitFor();
      await respond(staff, 'Sorry to hear that. Which speed setting do you use?', 'In Process');
      await sink.waitFor('CRM - Reply', sentTo(email, `Re: [#${number}] ${subject}`));
      await respond(staff, 'The motor guard trips on the highest setting. Start on speed 2 and go up after five seconds.', 'Resolved', 'Solution needing confirmation (customer accepts)');
      await staff.getByTestId('acceptance-awaiting').waitFor();
      expect(await staff.getByTestId('ticket-acceptance').textContent()).toBe('awaiting');
    });

    // 3. The mail asking for acceptance arrives; its link shows a confirmation page, and only the confirmation accepts.
    const asking = await sink.waitFor('acceptance request', sentTo(email, `[#${number}] Please confirm our solution: ${subject}`));
    const replyTo = asking.mail.replyTo?.value[0]?.address ?? '';
    expect(replyTo).toMatch(new RegExp(`^support\\+t${number}\\.[0-9a-f]{16}@shop\\.test$`));
    expect(asking.mail.messageId).toMatch(new RegExp(`\\.t${number}@shop\\.test>$`));
    const earlier = sink.received.filter((r) => r.envelopeTo.includes(email) && r.mail.subject?.includes(`[#${number}]`) && r !== asking).map((r) => r.mail.messageId);
    expect(asking.mail.inReplyTo).toBe(earlier.at(-1));
    expect(asking.mail.text).toContain('Start on speed 2');
    const acceptLink = linkIn(asking, /http:\/\/127\.0\.0\.1:\d+\/accept\/\S+/);

    await journey(customer, 'channels-loop-accept-link', async () => {
      await customer.goto(acceptLink);
      await customer.locator('h1[data-state="ready"]').getByText(`Accept the solution for request #${number}`).waitFor();
      expect(await customer.locator('blockquote').textContent()).toContain('Start on speed 2');
      // Opening the page changed nothing.
      await staff.reload();
      expect(await staff.getByTestId('ticket-acceptance').textContent()).toBe('awaiting');
      await customer.getByLabel('A comment for us (optional)').fill('Speed 2 first works, thank you!');
      await customer.getByRole('button', { name: 'Yes, I accept this solution' }).click();
      await customer.locator('h1[data-state="accepted"]').getByText('Thank you').waitFor();
    });

    await journey(staff, 'channels-loop-staff-sees-accepted', async () => {
      await staff.reload();
      await staff.getByTestId('ticket-acceptance').getByText('accepted').waitFor();
      expect(await staff.getByTestId('acceptance-awaiting').count()).toBe(0);
      // The customer accepted, in their own name: in the conversation and in the history.
      const comment = staff.getByTestId('message-public').filter({ hasText: 'Speed 2 first works, thank you!' });
      await comment.waitFor();
      expect(await comment.textContent()).toContain('customer');
      await staff.getByTestId('ticket-history-tab').click();
      const accepted = staff.getByTestId('history-panel').locator('tr', { hasText: 'ticket.solution_accepted' });
      await accepted.waitFor();
      expect(await accepted.textContent()).toContain(`customer:${email}`);
    });

    // 4. The customer answers the acceptance mail from their mail program: a real SMTP delivery to Patron's listener.
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: inboundPort, secure: false, ignoreTLS: true });
    try {
      const sent = await transport.sendMail({
        envelope: { from: email, to: [replyTo] },
        from: `Casey Loop <${email}>`,
        to: replyTo,
        subject: `Re: ${asking.mail.subject}`,
        inReplyTo: asking.mail.messageId,
        references: [...[asking.mail.references ?? []].flat(), asking.mail.messageId!],
        text: `One more question: may I use it for crushed ice?\n\nOn Monday, Shop Support <support@shop.test> wrote:\n> The motor guard trips on the highest setting.\n> Start on speed 2 and go up after five seconds.\n`,
      });
      expect(sent.response).toMatch(/^250 /);
    } finally {
      transport.close();
    }

    await journey(staff, 'channels-loop-reply-threads', async () => {
      // A reload opens the conversation tab again and reads the ticket afresh.
      await staff.reload();
      const reply = staff.getByTestId('message-public').filter({ hasText: 'may I use it for crushed ice?' });
      await reply.waitFor();
      // Threaded by the signed reply address; the quoted history stays in the original mail only.
      expect(await reply.getByTestId('mail-signal').textContent()).toBe('email · matched by its reply address');
      expect(await reply.textContent()).not.toContain('The motor guard trips');
      expect(await staff.getByTestId('ticket-waiting').count()).toBe(1);
      const tickets = (await (await staff.request.get(`${server.baseUrl}/api/v1/tickets?limit=50`)).json()) as { items: { number: number }[] };
      expect(tickets.items.map((t) => t.number)).toEqual([number]);
    });

    await journey(customer, 'channels-loop-portal-shows-reply', async () => {
      await customer.goto(`${server.baseUrl}/portal/requests/${number}`);
      const messages = customer.getByTestId('portal-messages');
      await messages.getByText('may I use it for crushed ice?', { exact: false }).waitFor();
      await messages.getByText('Speed 2 first works, thank you!').waitFor();
      expect(await customer.getByTestId('portal-acceptance').count()).toBe(0);
    });

    // 5. Staff complete the ticket; the customer hears it by mail and rates it in the portal; staff see the rating.
    await journey(staff, 'channels-loop-complete', async () => {
      await respond(staff, 'Crushed ice is fine on speed 3. Enjoy your blender!', 'Completed');
      expect(await staff.getByTestId('ticket-status').getAttribute('data-state')).toBe('completed');
    });
    await sink.waitFor('completed', sentTo(email, `[#${number}] Your request is completed: ${subject}`));

    await journey(customer, 'channels-loop-rating', async () => {
      await customer.reload();
      await customer.getByTestId('portal-request-status').getByText('Completed').waitFor();
      const rating = customer.getByTestId('portal-rating');
      await rating.getByRole('radio', { name: '5 of 5' }).click();
      await rating.getByLabel('Comment').fill('Fast, friendly and it works');
      await rating.getByRole('button', { name: 'Send rating' }).click();
      await rating.getByText('Your rating').waitFor();
      expect(await rating.textContent()).toContain('★★★★★');
    });

    await journey(staff, 'channels-loop-staff-sees-rating', async () => {
      await staff.reload();
      await staff.getByTestId('ticket-feedback').waitFor();
      expect(await staff.getByTestId('ticket-feedback').getByLabel('Rated 5 of 5').count()).toBe(1);
      expect(await staff.getByTestId('ticket-feedback-comment').textContent()).toContain('Fast, friendly and it works');
    });

    // Every mail to the customer went through the sink, once each, in the order of the loop.
    const toCustomer = sink.received.filter((r) => r.envelopeTo.includes(email)).map((r) => r.mail.subject);
    expect(toCustomer).toEqual([
      'Confirm your email address',
      `[#${number}] We received your request: ${subject}`,
      `Re: [#${number}] ${subject}`,
      `[#${number}] Please confirm our solution: ${subject}`,
      `[#${number}] Your request is completed: ${subject}`,
    ]);
  }, 240_000);
});
