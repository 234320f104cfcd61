import { describe, expect, it } from 'vitest';
import { activityAddress, verifyActivityAddress } from './activity-address.js';
import { sanitizeMailHtml } from './html-sanitizer.js';
import { automatedKind, bounceFacts, cleanSubject, forwardedSender, messageIdsIn, replyText, subjectTicketNumber } from './mail-classification.js';

const headers = (values: Record<string, string>) => (name: string) => values[name];

describe('automatedKind', () => {
  it('reads RFC 3834, Precedence, X-Autoreply and list headers, and DSNs', () => {
    expect(automatedKind(headers({ 'auto-submitted': 'auto-replied' }), 'text/plain', 'a@b.test')).toBe('auto_reply');
    expect(automatedKind(headers({ 'auto-submitted': 'no' }), 'text/plain', 'a@b.test')).toBeNull();
    expect(automatedKind(headers({ 'x-autoreply': 'yes' }), 'text/plain', 'a@b.test')).toBe('auto_reply');
    expect(automatedKind(headers({ 'x-autorespond': 'Out of office' }), 'text/plain', 'a@b.test')).toBe('auto_reply');
    expect(automatedKind(headers({ precedence: 'bulk' }), 'text/plain', 'a@b.test')).toBe('mailing_list');
    expect(automatedKind(headers({ precedence: 'junk' }), 'text/plain', 'a@b.test')).toBe('mailing_list');
    expect(automatedKind(headers({ 'list-id': '<x.list>' }), 'text/plain', 'a@b.test')).toBe('mailing_list');
    expect(automatedKind(headers({}), 'multipart/report; report-type=delivery-status; boundary="x"', 'mailer-daemon@mx.test')).toBe('bounce');
    expect(automatedKind(headers({ subject: 'Undelivered Mail Returned to Sender' }), 'text/plain', 'MAILER-DAEMON@mx.test')).toBe('bounce');
    expect(automatedKind(headers({ subject: 'Thanks!' }), 'text/plain', 'jane@b.test')).toBeNull();
  });
});

describe('message ids and subjects', () => {
  it('lists ids in References however they are separated', () => {
    expect(messageIdsIn('<a@b>  <c@d>,<e@f> (comment)')).toEqual(['a@b', 'c@d', 'e@f']);
    expect(messageIdsIn(['<a@b>', '<c@d>'])).toEqual(['a@b', 'c@d']);
    expect(messageIdsIn(undefined)).toEqual([]);
  });

  it('finds [#number] and cleans reply prefixes', () => {
    expect(subjectTicketNumber('Re: [#136] Broken vase')).toBe(136);
    expect(subjectTicketNumber('Order #136')).toBeNull();
    expect(cleanSubject('RE: Fwd: AW:  Broken   vase')).toBe('Broken vase');
    expect(cleanSubject('   ')).toBe('(no subject)');
  });
});

describe('replyText', () => {
  it('keeps what a reply adds above Gmail, Outlook and quoted history', () => {
    expect(replyText('Yes please.\n\nOn Mon, 23 Nov 2026 at 18:40, Shop <s@shop.test> wrote:\n> Question?')).toBe('Yes please.');
    expect(replyText('Thanks.\n\nFrom: Shop <s@shop.test>\nSent: Monday\nTo: me\n\nOld text')).toBe('Thanks.');
    expect(replyText('Answer\n> quoted line\nmore answer')).toBe('Answer\nmore answer');
    // A mail that is all quote keeps its text rather than becoming empty.
    expect(replyText('> only a quote')).toBe('> only a quote');
  });
});

describe('forwardedSender', () => {
  it('reads the quoted From of Gmail, Outlook and Apple Mail forwards', () => {
    expect(forwardedSender('FYI\n\n---------- Forwarded message ---------\nFrom: Carol Buyer <carol@acme.test>\nDate: Mon')).toEqual({ address: 'carol@acme.test', name: 'Carol Buyer' });
    expect(forwardedSender('-----Original Message-----\nFrom: Buyer, Carol [mailto:Carol@Acme.test]\nSent: Monday')).toEqual({ address: 'carol@acme.test', name: 'Buyer, Carol' });
    expect(forwardedSender('Begin forwarded message:\n\nFrom: carol@acme.test\nSubject: x')).toEqual({ address: 'carol@acme.test', name: '' });
    expect(forwardedSender('No forward here')).toBeNull();
  });
});

describe('bounceFacts', () => {
  it('reads the failed recipient, status and original Message-ID of a DSN', () => {
    const facts = bounceFacts([
      { contentType: 'message/delivery-status', content: 'Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; Nobody@Gone.test\nAction: failed\nStatus: 5.1.1\n' },
      { contentType: 'text/rfc822-headers', content: 'From: s@shop.test\nMessage-ID:\n <abc.t12@shop.test>\nSubject: x\n' },
    ]);
    expect(facts).toEqual({ originalMessageId: 'abc.t12@shop.test', failedRecipient: 'nobody@gone.test', status: '5.1.1' });
  });
});

describe('activity addresses', () => {
  it('verifies only the signature made with the secret', () => {
    const userId = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const address = activityAddress(userId, 'shop.test', 'secret-one-secret-one-secret-one-1');
    expect(verifyActivityAddress(address, 'secret-one-secret-one-secret-one-1')).toBe(userId);
    expect(verifyActivityAddress(address.toUpperCase(), 'secret-one-secret-one-secret-one-1')).toBe(userId);
    expect(verifyActivityAddress(address, 'another-secret-another-secret-another')).toBeNull();
    expect(verifyActivityAddress(address.replace(/\.[0-9a-f]{4}/, '.0000'), 'secret-one-secret-one-secret-one-1')).toBeNull();
    expect(verifyActivityAddress('support@shop.test', 'secret-one-secret-one-secret-one-1')).toBeNull();
  });
});

describe('sanitizeMailHtml', () => {
  const clean = (html: string, inline = new Map<string, string>()) => sanitizeMailHtml(html, inline).html;

  it('removes script, handlers, javascript:, SVG, style and CSS that loads', () => {
    const out = clean(
      '<p onclick="x()">Hi<script>alert(1)</script></p><a href="javascript:alert(1)">a</a><a href="JaVaScRiPt:alert(1)">b</a>' +
        '<svg><script>alert(2)</script></svg><math><mi>x</mi></math><style>p{}</style><p style="background:url(https://t.test/x); color: blue">c</p>' +
        '<object data="x.swf"></object><embed src="x"><base href="https://evil.test/"><meta http-equiv="refresh" content="0;url=https://evil.test">',
    );
    expect(out).toBe('<p>Hi</p><a rel="noopener noreferrer nofollow" target="_blank">a</a><a rel="noopener noreferrer nofollow" target="_blank">b</a><p style="color:blue">c</p>');
  });

  it('points cid: images at stored attachments and blocks remote ones', () => {
    const result = sanitizeMailHtml('<img src="cid:photo@x"><img src="https://tracker.test/p.gif" alt="logo"><img src="//tracker.test/q.gif">', new Map([['photo@x', '/api/v1/attachments/1']]));
    expect(result.html).toBe('<img src="/api/v1/attachments/1" /><span title="Remote image blocked">[logo]</span><span title="Remote image blocked">[image]</span>');
    expect(result.blockedImages).toBe(2);
  });
});
