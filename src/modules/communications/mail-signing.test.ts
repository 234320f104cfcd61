import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { acceptLinkUrl, signAcceptToken, verifyAcceptToken } from './accept-link.js';
import { mailboxParts, signedReplyAddress, threadHeaders, threadIndex, verifyReplyAddress } from './mail-threading.js';

const secret = 'a-test-secret-that-is-long-enough-000';

describe('signed reply address', () => {
  it('is a plus-address of the sender that verifies back to the ticket number', () => {
    const address = signedReplyAddress('Support <support@shop.example>', 136, secret);
    expect(address).toMatch(/^support\+t136\.[0-9a-f]{16}@shop\.example$/);
    expect(verifyReplyAddress(address, secret)).toBe(136);
    // Mail servers may change the case of the local part.
    expect(verifyReplyAddress(address.toUpperCase(), secret)).toBe(136);
    expect(verifyReplyAddress(`"Support" <${address}>`, secret)).toBe(136);
  });

  it('refuses another ticket number, another secret, a changed signature and foreign addresses', () => {
    const address = signedReplyAddress('support@shop.example', 136, secret);
    expect(verifyReplyAddress(address.replace('+t136.', '+t137.'), secret)).toBeNull();
    expect(verifyReplyAddress(address, 'another-secret-that-is-long-enough-111')).toBeNull();
    const signature = /\.([0-9a-f]{16})@/.exec(address)![1]!;
    const flipped = signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0');
    expect(verifyReplyAddress(address.replace(signature, flipped), secret)).toBeNull();
    expect(verifyReplyAddress('support@shop.example', secret)).toBeNull();
    expect(verifyReplyAddress('support+t136@shop.example', secret)).toBeNull();
  });

  it('property: only the signed number verifies', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 1e9 }), (number, other) => {
        const address = signedReplyAddress('patron@localhost', number, secret);
        expect(verifyReplyAddress(address, secret)).toBe(number);
        if (other !== number) expect(verifyReplyAddress(address.replace(`+t${number}.`, `+t${other}.`), secret)).toBeNull();
      }),
    );
  });

  it('reads the mailbox out of a From header, and keeps an existing plus-address base', () => {
    expect(mailboxParts('Patron <patron@localhost>')).toEqual({ local: 'patron', domain: 'localhost' });
    expect(signedReplyAddress('help+crm@example.com', 5, secret)).toMatch(/^help\+t5\./);
  });
});

describe('accept links', () => {
  const now = new Date('2026-05-01T10:00:00Z');
  const claims = { ticketNumber: 136, eventId: 4242, expiresAt: new Date('2026-05-15T10:00:00Z') };

  it('verify while valid and carry the ticket and event', () => {
    const token = signAcceptToken(claims, secret);
    expect(verifyAcceptToken(token, secret, now)).toEqual({ ok: true, claims });
    expect(acceptLinkUrl('https://crm.example', token)).toBe(`https://crm.example/accept/${token}`);
  });

  it('expire', () => {
    const token = signAcceptToken(claims, secret);
    expect(verifyAcceptToken(token, secret, new Date('2026-05-15T10:00:00Z'))).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuse any change to the ticket, event or expiry, another secret, and garbage', () => {
    const token = signAcceptToken(claims, secret);
    const [number, event, expires, signature] = token.split('.');
    expect(verifyAcceptToken([Number(number) + 1, event, expires, signature].join('.'), secret, now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyAcceptToken([number, Number(event) + 1, expires, signature].join('.'), secret, now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyAcceptToken([number, event, Number(expires) + 86400, signature].join('.'), secret, now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyAcceptToken(token, 'another-secret-that-is-long-enough-111', now)).toEqual({ ok: false, reason: 'forged' });
    for (const garbage of ['', 'abc', '1.2.3', `${token}x`, token.replace(/\./g, '-')]) expect(verifyAcceptToken(garbage, secret, now).ok).toBe(false);
  });
});

describe('thread headers', () => {
  it('chain References and In-Reply-To to the earlier mail, keeping the root when cutting', () => {
    expect(threadHeaders([])).toEqual({});
    expect(threadHeaders(['<a@x>', '<b@x>'])).toEqual({ References: '<a@x> <b@x>', 'In-Reply-To': '<b@x>' });
    const many = Array.from({ length: 30 }, (_, i) => `<m${i}@x>`);
    const cut = threadHeaders(many).References!.split(' ');
    expect(cut).toHaveLength(20);
    expect(cut[0]).toBe('<m0@x>');
    expect(cut.at(-1)).toBe('<m29@x>');
  });

  it('build an Outlook Thread-Index: a 22-byte header shared by the thread, then one 5-byte block per reply', () => {
    const thread = { id: '0f8fad5b-d9cb-469f-a165-70867728950e', startedAt: new Date('2026-05-01T10:00:00Z') };
    const first = Buffer.from(threadIndex(thread, []), 'base64');
    const third = Buffer.from(threadIndex(thread, [new Date('2026-05-01T11:00:00Z'), new Date('2026-05-02T10:00:00Z')]), 'base64');
    expect(first).toHaveLength(22);
    expect(third).toHaveLength(32);
    expect(third.subarray(0, 22).equals(first)).toBe(true);
    expect(first.subarray(6).toString('hex')).toBe('0f8fad5bd9cb469fa16570867728950e');
    // FILETIME of 2026 starts with 0x01 (the "reserved" byte).
    expect(first[0]).toBe(0x01);
    // The first reply is an hour later: 36e9 100-ns units, stored >> 18 with DeltaCode 0.
    const delta = third.readUInt32BE(22);
    expect(delta >>> 31).toBe(0);
    expect(Math.abs((delta & 0x7fffffff) * 2 ** 18 - 36_000_000_000)).toBeLessThan(2 ** 18 + 2 ** 16);
  });
});
