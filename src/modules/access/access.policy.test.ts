import { describe, expect, it } from 'vitest';
import type { StaffActor } from '../../platform/actor.js';
import { anonymousActor, systemActor } from '../../platform/actor.js';
import { assertCanGrant, canAccess, hasRight } from './access.policy.js';

function staff(rights: string[], overrides: Partial<StaffActor> = {}): StaffActor {
  return { kind: 'user', id: 'u1', email: 'a@example.com', name: 'A', isAdmin: false, rights: new Set(rights), unitIds: [], via: 'session', ...overrides };
}

describe('access policy', () => {
  it('admins hold every right, including custom ones', () => {
    expect(hasRight(staff([], { isAdmin: true }), 'custom.anything')).toBe(true);
  });

  it('a right is needed for each action, and manage implies read', () => {
    expect(canAccess(staff([]), 'user.read')).toBe(false);
    expect(canAccess(staff(['access.users.read']), 'user.read')).toBe(true);
    expect(canAccess(staff(['access.users.read']), 'user.manage')).toBe(false);
    expect(canAccess(staff(['access.users.manage']), 'user.read')).toBe(true);
    expect(canAccess(staff(['access.groups.manage']), 'group.read')).toBe(true);
  });

  it('only admins grant admin, even with users.manage', () => {
    expect(canAccess(staff(['access.users.manage']), 'user.grant_admin')).toBe(false);
    expect(canAccess(staff([], { isAdmin: true }), 'user.grant_admin')).toBe(true);
  });

  it('anyone may manage their own tokens; others need tokens.manage', () => {
    expect(canAccess(staff([]), 'token.revoke', { userId: 'u1' })).toBe(true);
    expect(canAccess(staff([]), 'token.revoke', { userId: 'u2' })).toBe(false);
    expect(canAccess(staff(['access.tokens.manage']), 'token.revoke', { userId: 'u2' })).toBe(true);
  });

  it('anonymous actors can do nothing; the system can do everything', () => {
    expect(canAccess(anonymousActor, 'unit.read')).toBe(false);
    expect(canAccess(systemActor('cli'), 'user.grant_admin')).toBe(true);
  });

  it('nobody grants a right they do not hold', () => {
    expect(() => assertCanGrant(staff(['a.b']), ['a.b'])).not.toThrow();
    expect(() => assertCanGrant(staff(['a.b']), ['a.b', 'c.d'])).toThrow(/c\.d/);
  });
});
