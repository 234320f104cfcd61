import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/actor.js';
import { canCustomers, canEditNote } from './customers.policy.js';

function staff(rights: string[], id = 'u1'): Actor {
  return { kind: 'user', id, name: 'Staff', email: 's@example.com', isAdmin: false, rights: new Set(rights), unitIds: [], via: 'session' };
}

describe('customer rights', () => {
  it('let ticket workers read customers and write notes, but not edit records, accounts or fields', () => {
    const agent = staff(['care.tickets.work']);
    expect(canCustomers(agent, 'customer.read')).toBe(true);
    expect(canCustomers(agent, 'note.write')).toBe(true);
    expect(canCustomers(agent, 'customer.manage')).toBe(false);
    expect(canCustomers(agent, 'account.manage')).toBe(false);
    expect(canCustomers(agent, 'custom_field.manage')).toBe(false);
  });

  it('keep accounts and custom fields behind their own rights', () => {
    expect(canCustomers(staff(['customers.contacts.manage']), 'account.manage')).toBe(false);
    expect(canCustomers(staff(['customers.accounts.manage']), 'customer.read')).toBe(true);
    expect(canCustomers(staff(['customers.fields.manage']), 'custom_field.manage')).toBe(true);
  });

  it('keep merging behind its own right, which also lets its holder read the contacts it merges', () => {
    expect(canCustomers(staff(['customers.contacts.manage']), 'customer.merge')).toBe(false);
    expect(canCustomers(staff(['customers.contacts.delete']), 'customer.merge')).toBe(false);
    expect(canCustomers(staff(['customers.contacts.merge']), 'customer.merge')).toBe(true);
    expect(canCustomers(staff(['customers.contacts.merge']), 'customer.read')).toBe(true);
    expect(canCustomers(staff(['customers.contacts.merge']), 'customer.manage')).toBe(false);
  });

  it('let a note be edited by its author or a customer manager only', () => {
    const agent = staff(['care.tickets.work'], 'agent');
    expect(canEditNote(agent, { authorUserId: 'agent' })).toBe(true);
    expect(canEditNote(agent, { authorUserId: 'someone-else' })).toBe(false);
    expect(canEditNote(staff(['customers.contacts.manage'], 'manager'), { authorUserId: 'someone-else' })).toBe(true);
  });
});
