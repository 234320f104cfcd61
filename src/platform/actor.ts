/** Who is doing something. Services receive one with every call and check rights against it. */
export type Actor = StaffActor | CustomerActor | SystemActor | AnonymousActor;

export interface StaffActor {
  kind: 'user';
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  /** Effective right keys: group rights + direct grants, narrowed by an API token's scopes. */
  rights: ReadonlySet<string>;
  unitIds: readonly string[];
  via: 'session' | 'token';
  sessionTokenHash?: string;
  csrfToken?: string;
  tokenId?: string;
}

/**
 * A customer: signed in to the portal, or answering through a signed link from our mail.
 * Portal services scope every read and write by `contactId` (and `accountId`); staff policies
 * never grant a customer anything.
 */
export interface CustomerActor {
  kind: 'customer';
  /**
   * The portal account signed in; null when the customer acts through a signed link from our
   * mail (an accept link), which proves the contact but opens no portal session.
   */
  accountId: string | null;
  contactId: string;
  email: string;
  name: string;
  sessionTokenHash?: string;
  csrfToken?: string;
}

export interface SystemActor {
  kind: 'system';
  /** What acted: `cli`, `worker`, `seed`, ... */
  name: string;
}

export interface AnonymousActor {
  kind: 'anonymous';
}

export const anonymousActor: AnonymousActor = { kind: 'anonymous' };

export function systemActor(name: string): SystemActor {
  return { kind: 'system', name };
}

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return actor.email;
    case 'customer':
      return `customer:${actor.email}`;
    case 'system':
      return `system:${actor.name}`;
    default:
      return 'anonymous';
  }
}
