import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';
import { tickets } from '../care/tickets.tables.js';
import { portalAccounts } from '../portal/portal.tables.js';
import { inboundMails } from '../mail-in/mail-in.tables.js';
import { customerTestClient, fields } from './customer-test-client.js';
import { contacts } from './customers.tables.js';

type Client = Awaited<ReturnType<typeof customerTestClient>>;
let test: TestApp;
let admin: SignedIn;
let call: Client['call'];
let created: Client['created'];
let historyOf: Client['historyOf'];
const day = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  test = await createTestApp();
  ({ admin, call, created, historyOf } = await customerTestClient(test));
  await created('POST', '/custom-fields', { recordKind: 'contact', key: 'tier', label: 'Tier', type: 'text' });
});
afterAll(async () => {
  await test?.close();
});

/** Moves the clock on; sessions expire with it, so the admin signs in again. */
async function advance(milliseconds: number) {
  test.clock.advance(milliseconds);
  ({ admin, call, created, historyOf } = await customerTestClient(test));
}

async function ok(method: 'GET' | 'POST' | 'PATCH', url: string, body?: object, status = 200) {
  const response = await call(method, url, body);
  expect(response.statusCode, response.body).toBe(status);
  return response.json();
}

async function newContact(body: object) {
  test.clock.advance(1000);
  return created('POST', '/contacts', body);
}

async function merge(winnerId: string, loserId: string, extra: object = {}) {
  return ok('POST', '/contacts/merge', { winnerId, loserId, ...extra }, 201);
}

const timelineTitles = async (contactId: string) => ((await ok('GET', `/contacts/${contactId}/timeline?limit=100`)).items as { title: string }[]).map((entry) => entry.title);
const ticketContact = async (ticketId: string) => (await test.handle.db.select({ contactId: tickets.contactId }).from(tickets).where(eq(tickets.id, ticketId)))[0]?.contactId;
const portalOwner = async (email: string) => (await test.handle.db.select({ contactId: portalAccounts.contactId }).from(portalAccounts).where(eq(portalAccounts.email, email)))[0]?.contactId;

describe('merging two contacts', () => {
  let acme: string;
  let winner: { id: string; version: number };
  let loser: { id: string; version: number };
  let earlier: { id: string };
  let ticketId: string;
  let receivedMail: { id: string } | undefined;
  const mailContact = async () => (await test.handle.db.select({ contactId: inboundMails.contactId }).from(inboundMails).where(eq(inboundMails.id, receivedMail!.id)))[0]?.contactId;
  let ticketNumber: number;
  let sharedAccount: string;
  let mergeId: string;

  beforeAll(async () => {
    acme = (await created('POST', '/companies', { name: 'Acme' })).id;
    winner = await newContact({ firstName: 'Jane', lastName: 'Doe', emails: [{ email: 'jane@work.test', label: 'work' }], phones: [{ number: '+44 20 7946 0958' }], tags: ['vip'], customFields: { tier: 'gold' }, identifiers: [{ kind: 'passport', value: 'P-1' }] });
    loser = await newContact({
      firstName: 'Janet',
      lastName: 'Doe',
      companyId: acme,
      jobTitle: 'Buyer',
      emails: [{ email: 'janet@home.test', label: 'home' }],
      phones: [{ number: '+44 20 7946 0999', label: 'mobile' }],
      addresses: [{ kind: 'billing', line1: '1 Main St', city: 'London', country: 'GB' }],
      tags: ['newsletter'],
      customFields: { tier: 'silver' },
      identifiers: [
        { kind: 'passport', value: 'P-2' },
        { kind: 'id_number', value: 'ID-9' },
      ],
    });
    // A contact merged into the loser before: it follows the loser to the winner.
    earlier = await newContact({ firstName: 'Janet', lastName: 'D.', email: 'jd@old.test' });
    await merge(loser.id, earlier.id);
    loser = await ok('GET', `/contacts/${loser.id}`);

    const ticket = await created('POST', '/tickets', { subject: 'Where is my parcel?', contact: { contactId: loser.id }, message: { body: 'Ordered last week.' } });
    ticketId = ticket.id;
    ticketNumber = ticket.number;
    await created('POST', `/contacts/${loser.id}/notes`, { body: 'Prefers phone calls' });
    await created('POST', '/accounts', { number: 'HELD-1', contactId: loser.id });
    await created('POST', '/accounts', { number: 'ACME-1', companyId: acme, contacts: [{ contactId: loser.id, role: 'admin' }] });
    sharedAccount = (await created('POST', '/accounts', { number: 'ACME-2', companyId: acme, contacts: [{ contactId: winner.id, role: 'approver' }, { contactId: loser.id, role: 'buyer' }] })).id;
    await created('POST', `/contacts/${loser.id}/portal-invitation`, {});
    // A mail received from the loser (other modules' records move through their handlers too).
    [receivedMail] = await test.handle.db.insert(inboundMails).values({ dedupeKey: 'mid:merge-test@example', fromAddress: 'janet@home.test', recipients: ['support@shop.example'], threadSignal: 'none', contactId: loser.id }).returning({ id: inboundMails.id });
    loser = await ok('GET', `/contacts/${loser.id}`);
    winner = await ok('GET', `/contacts/${winner.id}`);
  });

  it('previews both records side by side with the choices, the result and what will move, changing nothing', async () => {
    const preview = await ok('POST', '/contacts/merge', { winnerId: winner.id, loserId: loser.id, dryRun: true, picks: { firstName: 'loser' } });
    expect(preview.winner.id).toBe(winner.id);
    expect(preview.loser.id).toBe(loser.id);
    const choices = Object.fromEntries((preview.choices as { field: string }[]).map((choice) => [choice.field, choice]));
    expect(choices.firstName).toMatchObject({ winner: { value: 'Jane', text: 'Jane' }, loser: { value: 'Janet' }, pick: 'loser', differs: true });
    expect(choices.company).toMatchObject({ winner: { value: null, text: null }, loser: { text: 'Acme' }, pick: 'loser' });
    expect(choices['customFields.tier']).toMatchObject({ label: 'Tier', winner: { text: 'gold' }, loser: { text: 'silver' }, pick: 'winner' });
    expect(choices['identifiers.passport']).toMatchObject({ winner: { text: 'P-1' }, loser: { text: 'P-2' } });
    // Both act on an account, so both are financial already.
    expect(choices.lifecycleState).toMatchObject({ winner: { value: 'financial' }, loser: { value: 'financial' }, differs: false });
    expect(preview.result).toMatchObject({ displayName: 'Janet Doe', companyName: 'Acme', lifecycleState: 'financial', tags: ['vip', 'newsletter'] });
    // The loser's emails include the one of the contact merged into it before.
    expect(preview.result.emails.map((entry: { email: string }) => entry.email)).toEqual(['jane@work.test', 'janet@home.test', 'jd@old.test']);
    expect(Object.fromEntries((preview.moves as { kind: string; count: number }[]).map((move) => [move.kind, move.count]))).toEqual({
      notes: 1,
      accounts: 1,
      account_contacts: 2,
      merged_contacts: 1,
      tickets: 1,
      portal_account: 1,
      inbound_mails: 1,
    });
    expect(preview.blockers).toEqual([]);
    expect(preview.undoDays).toBe(30);
    expect((await ok('GET', `/contacts/${loser.id}`)).mergedInto).toBeNull();
  });

  it('merges with the picked values, unions the lists and moves tickets, notes, accounts, the portal sign-in and earlier merges', async () => {
    const result = await merge(winner.id, loser.id, { picks: { firstName: 'loser', 'customFields.tier': 'loser', 'identifiers.passport': 'loser', 'emails.default': 'loser' }, winnerVersion: winner.version, loserVersion: loser.version });
    mergeId = result.merge.id;
    expect(result.merge).toMatchObject({ winner: { id: winner.id, displayName: 'Janet Doe' }, loser: { id: loser.id, displayName: 'Janet Doe' }, undoable: true, undoneAt: null, moved: { tickets: 1, notes: 1, accounts: 1, account_contacts: 2, portal_account: 1, merged_contacts: 1, inbound_mails: 1 } });
    expect(await mailContact()).toBe(winner.id);
    const merged = result.contact;
    expect(merged).toMatchObject({ firstName: 'Janet', lastName: 'Doe', companyId: acme, jobTitle: 'Buyer', lifecycleState: 'financial', email: 'janet@home.test', phone: '+44 20 7946 0958', tags: ['vip', 'newsletter'], customFields: { tier: 'silver' } });
    expect(merged.emails).toEqual([
      { email: 'jane@work.test', label: 'work', isDefault: false },
      { email: 'janet@home.test', label: 'home', isDefault: true },
      { email: 'jd@old.test', label: 'other', isDefault: false },
    ]);
    expect(merged.phones.map((phone: { number: string }) => phone.number)).toEqual(['+44 20 7946 0958', '+44 20 7946 0999']);
    expect(merged.addresses).toMatchObject([{ kind: 'billing', city: 'London', isDefault: true }]);
    expect(merged.identifiers).toEqual([
      { kind: 'id_number', value: 'ID-9' },
      { kind: 'passport', value: 'P-2' },
    ]);
    expect(merged.accounts.map((account: { number: string; role: string }) => `${account.number}:${account.role}`).sort()).toEqual(['ACME-1:admin', 'ACME-2:approver', 'HELD-1:holder']);
    expect(merged.stats.totalTickets).toBe(1);

    expect(await ticketContact(ticketId)).toBe(winner.id);
    expect((await ok('GET', `/tickets?contactId=${winner.id}`)).items.map((ticket: { id: string }) => ticket.id)).toEqual([ticketId]);
    expect((await ok('GET', `/contacts/${winner.id}/notes`)).items.map((note: { body: string }) => note.body)).toEqual(['Prefers phone calls']);
    expect(await portalOwner('janet@home.test')).toBe(winner.id);
    const [earlierRow] = await test.handle.db.select({ mergedIntoId: contacts.mergedIntoId }).from(contacts).where(eq(contacts.id, earlier.id));
    expect(earlierRow?.mergedIntoId).toBe(winner.id);

    // The loser's own events, and the earlier contact's, are on the winner's timeline.
    const titles = await timelineTitles(winner.id);
    expect(titles).toEqual(expect.arrayContaining(['Merged Janet Doe into this contact', 'Note added', `Ticket #${ticketNumber} opened`, 'Contact created']));
    expect(titles.filter((title) => title === 'Contact created')).toHaveLength(3);

    const actions = (await historyOf(winner.id)).map((event) => event.action);
    expect(actions.at(-1)).toBe('contact.merged');
    const [mergedEvent] = (await historyOf(winner.id)).filter((event) => event.action === 'contact.merged');
    expect(mergedEvent?.changes).toMatchObject({ mergeId, loser: { id: loser.id }, moved: { tickets: 1 }, fields: { firstName: { from: 'Jane', to: 'Janet' } } });
    expect((await historyOf(loser.id)).map((event) => event.action).at(-1)).toBe('contact.merged_into');
  });

  it('keeps the loser as a hidden tombstone that points at the winner', async () => {
    const tombstone = await ok('GET', `/contacts/${loser.id}`);
    expect(tombstone.mergedInto).toEqual({ id: winner.id, displayName: 'Janet Doe', mergeId });
    expect(tombstone.emails).toEqual([]);
    const listed = (await ok('GET', '/contacts?q=Janet&limit=50')).items.map((item: { id: string }) => item.id);
    expect(listed).toContain(winner.id);
    expect(listed).not.toContain(loser.id);
    expect((await ok('GET', '/contacts?limit=200')).items.map((item: { id: string }) => item.id)).not.toContain(loser.id);
    expect((await ok('GET', `/companies/${acme}`)).contacts.map((item: { id: string }) => item.id)).toEqual([winner.id]);
    const edit = await call('PATCH', `/contacts/${loser.id}`, { version: tombstone.version, jobTitle: 'Nope' });
    expect(edit.statusCode).toBe(409);
    const again = await call('POST', '/contacts/merge', { winnerId: winner.id, loserId: loser.id });
    expect(again.statusCode).toBe(409);
    expect(fields(again)).toEqual(['loserId']);
    const into = await call('POST', '/contacts/merge', { winnerId: loser.id, loserId: earlier.id });
    expect(fields(into)).toEqual(['winnerId']);
    expect((await ok('GET', `/contacts/${winner.id}/merges`)).items).toMatchObject([{ id: mergeId, undoable: true, loser: { id: loser.id, displayName: 'Janet Doe' } }]);
  });

  it('undoes the merge: the loser and everything that moved come back, the winner gets its values back but keeps later edits', async () => {
    const current = await ok('GET', `/contacts/${winner.id}`);
    await ok('PATCH', `/contacts/${winner.id}`, { version: current.version, lastName: 'Doe-Smith' });
    await advance(29 * day);
    const undone = await ok('POST', `/contact-merges/${mergeId}/undo`);
    expect(undone.merge).toMatchObject({ id: mergeId, undoable: false, undoneAt: expect.any(String) });

    expect(undone.winner).toMatchObject({ firstName: 'Jane', lastName: 'Doe-Smith', companyId: null, jobTitle: null, email: 'jane@work.test', tags: ['vip'], customFields: { tier: 'gold' } });
    expect(undone.winner.emails).toEqual([{ email: 'jane@work.test', label: 'work', isDefault: true }]);
    expect(undone.winner.phones.map((phone: { number: string }) => phone.number)).toEqual(['+44 20 7946 0958']);
    expect(undone.winner.identifiers).toEqual([{ kind: 'passport', value: 'P-1' }]);
    expect(undone.winner.accounts.map((account: { number: string; role: string }) => `${account.number}:${account.role}`)).toEqual(['ACME-2:approver']);

    expect(undone.loser).toMatchObject({ mergedInto: null, firstName: 'Janet', companyId: acme, jobTitle: 'Buyer', email: 'janet@home.test', phone: '+44 20 7946 0999', lifecycleState: 'financial', tags: ['newsletter'], customFields: { tier: 'silver' } });
    expect(undone.loser.emails.map((entry: { email: string }) => entry.email)).toEqual(['janet@home.test', 'jd@old.test']);
    expect(undone.loser.identifiers).toEqual([
      { kind: 'id_number', value: 'ID-9' },
      { kind: 'passport', value: 'P-2' },
    ]);
    expect(undone.loser.addresses).toMatchObject([{ kind: 'billing', city: 'London' }]);
    expect(undone.loser.accounts.map((account: { number: string; role: string }) => `${account.number}:${account.role}`).sort()).toEqual(['ACME-1:admin', 'ACME-2:buyer', 'HELD-1:holder']);
    expect((await ok('GET', `/accounts/${sharedAccount}`)).contacts.map((entry: { id: string; role: string }) => [entry.id === winner.id ? 'winner' : 'loser', entry.role]).sort()).toEqual([
      ['loser', 'buyer'],
      ['winner', 'approver'],
    ]);
    expect(await ticketContact(ticketId)).toBe(loser.id);
    expect(await mailContact()).toBe(loser.id);
    expect((await ok('GET', `/contacts/${loser.id}/notes`)).items).toHaveLength(1);
    expect((await ok('GET', `/contacts/${winner.id}/notes`)).items).toHaveLength(0);
    expect(await portalOwner('janet@home.test')).toBe(loser.id);
    const [earlierRow] = await test.handle.db.select({ mergedIntoId: contacts.mergedIntoId }).from(contacts).where(eq(contacts.id, earlier.id));
    expect(earlierRow?.mergedIntoId).toBe(loser.id);
    expect(await timelineTitles(winner.id)).not.toContain('Note added');
    expect((await ok('GET', '/contacts?limit=200')).items.map((item: { id: string }) => item.id)).toContain(loser.id);
    expect((await historyOf(winner.id)).map((event) => event.action).at(-1)).toBe('contact.merge_undone');

    const twice = await call('POST', `/contact-merges/${mergeId}/undo`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().detail).toMatch(/already undone/);
  });
});

describe('merge rules', () => {
  it('refuses an undo after the undo period', async () => {
    const a = await newContact({ firstName: 'Old', lastName: 'Timer', email: 'old@timer.test' });
    const b = await newContact({ firstName: 'Old', lastName: 'Timer', email: 'old.timer@timer.test' });
    const { merge: done } = await merge(a.id, b.id);
    await advance(30 * day + 1000);
    expect((await ok('GET', `/contacts/${a.id}/merges`)).items[0].undoable).toBe(false);
    const late = await call('POST', `/contact-merges/${done.id}/undo`);
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toMatch(/30 days/);
    expect((await call('POST', '/contact-merges/00000000-0000-4000-8000-000000000000/undo')).statusCode).toBe(404);
  });

  it('undoes merges in reverse order only: a winner merged on since must be unmerged first', async () => {
    const a = await newContact({ firstName: 'Chain', lastName: 'A', email: 'chain-a@x.test' });
    const b = await newContact({ firstName: 'Chain', lastName: 'B', email: 'chain-b@x.test' });
    const c = await newContact({ firstName: 'Chain', lastName: 'C', email: 'chain-c@x.test' });
    const first = (await merge(b.id, a.id)).merge;
    const second = (await merge(c.id, b.id)).merge;
    expect((await ok('GET', `/contacts/${a.id}`)).mergedInto.id).toBe(c.id);
    const blocked = await call('POST', `/contact-merges/${first.id}/undo`);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().detail).toMatch(/undo that merge first/);
    await ok('POST', `/contact-merges/${second.id}/undo`);
    expect((await ok('GET', `/contacts/${a.id}`)).mergedInto.id).toBe(b.id);
    const back = await ok('POST', `/contact-merges/${first.id}/undo`);
    expect(back.loser.emails.map((entry: { email: string }) => entry.email)).toEqual(['chain-a@x.test']);
    expect(back.winner.emails.map((entry: { email: string }) => entry.email)).toEqual(['chain-b@x.test']);
    const rows = await test.handle.db.select({ id: contacts.id, mergedIntoId: contacts.mergedIntoId }).from(contacts).where(inArray(contacts.id, [a.id, b.id, c.id]));
    expect(rows.every((row) => row.mergedIntoId === null)).toBe(true);
  });

  it('answers bad requests naming the field', async () => {
    const a = await newContact({ firstName: 'Val', lastName: 'Idate', email: 'val@x.test' });
    const b = await newContact({ firstName: 'Val', lastName: 'Idated', email: 'val2@x.test' });
    const self = await call('POST', '/contacts/merge', { winnerId: a.id, loserId: a.id });
    expect(self.statusCode).toBe(400);
    expect(fields(self)).toEqual(['body.loserId']);
    const unknownPick = await call('POST', '/contacts/merge', { winnerId: a.id, loserId: b.id, picks: { nickname: 'loser' } });
    expect(unknownPick.statusCode).toBe(400);
    expect(fields(unknownPick)).toEqual(['picks.nickname']);
    const badSide = await call('POST', '/contacts/merge', { winnerId: a.id, loserId: b.id, picks: { firstName: 'both' } });
    expect(fields(badSide)).toEqual(['body.picks.firstName']);
    const unknown = await call('POST', '/contacts/merge', { winnerId: '00000000-0000-4000-8000-000000000000', loserId: b.id });
    expect(fields(unknown)).toEqual(['winnerId']);
    const stale = await call('POST', '/contacts/merge', { winnerId: a.id, loserId: b.id, winnerVersion: a.version + 5 });
    expect(stale.statusCode).toBe(412);
    // Nothing was written by the refused merges.
    expect((await ok('GET', `/contacts/${b.id}`)).mergedInto).toBeNull();
    expect((await ok('GET', `/contacts/${a.id}`)).version).toBe(a.version);
  });

  it('refuses to merge two contacts that both sign in to My Account', async () => {
    const a = await newContact({ firstName: 'Portal', lastName: 'One', email: 'portal-one@x.test' });
    const b = await newContact({ firstName: 'Portal', lastName: 'Two', email: 'portal-two@x.test' });
    await created('POST', `/contacts/${a.id}/portal-invitation`, {});
    await created('POST', `/contacts/${b.id}/portal-invitation`, {});
    const preview = await ok('POST', '/contacts/merge', { winnerId: a.id, loserId: b.id, dryRun: true });
    expect(preview.blockers).toEqual([expect.stringMatching(/Both contacts sign in to My Account/)]);
    const refused = await call('POST', '/contacts/merge', { winnerId: a.id, loserId: b.id });
    expect(refused.statusCode).toBe(409);
    expect((await ok('GET', `/contacts/${b.id}`)).emails).toHaveLength(1);
  });

  it('checks the merge right on the server', async () => {
    const a = await newContact({ firstName: 'Right', lastName: 'One', email: 'right-one@x.test' });
    const b = await newContact({ firstName: 'Right', lastName: 'Two', email: 'right-two@x.test' });
    const manager = await signIn(test, { rightKeys: ['customers.contacts.manage'] });
    for (const body of [{ dryRun: true }, {}]) {
      expect((await call('POST', '/contacts/merge', { winnerId: a.id, loserId: b.id, ...body }, manager)).statusCode).toBe(403);
    }
    const merger = await signIn(test, { rightKeys: ['customers.contacts.merge'] });
    const done = await call('POST', '/contacts/merge', { winnerId: a.id, loserId: b.id }, merger);
    expect(done.statusCode, done.body).toBe(201);
    expect((await call('POST', `/contact-merges/${done.json().merge.id}/undo`, undefined, manager)).statusCode).toBe(403);
    expect((await call('POST', `/contact-merges/${done.json().merge.id}/undo`, undefined, merger)).statusCode).toBe(200);
    expect(admin.userId).toBeTruthy();
  });
});
