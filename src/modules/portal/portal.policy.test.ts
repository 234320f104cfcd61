import { describe, expect, it } from 'vitest';
import type { CustomerActor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { assertCustomer } from './portal.policy.js';

const customer: CustomerActor = { kind: 'customer', accountId: '7b0c5a52-5d55-4c39-9d43-0f1f6f1f0b11', contactId: 'c7a5f0b8-3f0e-4d77-9a39-5f9f3a9b2c10', email: 'sam@example.com', name: 'Sam' };

describe('assertCustomer', () => {
  it('lets a signed-in customer through with their account', () => {
    expect(assertCustomer(customer).accountId).toBe(customer.accountId);
  });

  it('refuses a customer who only followed a signed link from a mail (no portal account), staff and strangers', () => {
    for (const actor of [{ ...customer, accountId: null }, { kind: 'anonymous' as const }, { kind: 'system' as const, name: 'worker' }]) {
      expect(() => assertCustomer(actor)).toThrow(AppError);
      try {
        assertCustomer(actor);
      } catch (error) {
        expect((error as AppError).code).toBe('unauthenticated');
      }
    }
  });
});
