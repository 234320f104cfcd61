import type { Queryable } from '../../platform/db/client.js';

export interface ContactStats {
  openTickets: number;
  totalTickets: number;
  /** The latest interaction any module knows of. */
  lastContactAt: Date | null;
}

/**
 * Other modules know what a contact did (tickets now, orders later) and add their figures here,
 * so this module need not import theirs.
 */
export type ContactStatsProvider = (db: Queryable, contactId: string) => Promise<Partial<ContactStats>>;

const providers: ContactStatsProvider[] = [];

export function registerContactStatsProvider(provider: ContactStatsProvider): void {
  providers.push(provider);
}

export async function collectContactStats(db: Queryable, contactId: string): Promise<ContactStats> {
  const stats: ContactStats = { openTickets: 0, totalTickets: 0, lastContactAt: null };
  for (const part of await Promise.all(providers.map((provider) => provider(db, contactId)))) {
    stats.openTickets += part.openTickets ?? 0;
    stats.totalTickets += part.totalTickets ?? 0;
    if (part.lastContactAt && (!stats.lastContactAt || part.lastContactAt > stats.lastContactAt)) stats.lastContactAt = part.lastContactAt;
  }
  return stats;
}
