import { sql } from 'drizzle-orm';
import { canCustomers } from './customers.policy.js';
import { registerTimelineSource, type TimelineDescription } from './timeline.js';

/** The contact's own events on its timeline: its changes, its notes, mail sent to it. */

const fieldNames: Record<string, string> = {
  firstName: 'first name',
  lastName: 'last name',
  emails: 'emails',
  phones: 'phones',
  addresses: 'addresses',
  identifiers: 'identifiers',
  companyId: 'company',
  companyName: 'company',
  jobTitle: 'job title',
  ownerId: 'owner',
  tags: 'tags',
  disabled: 'enabled/disabled',
  customFields: 'custom fields',
  lifecycleState: 'life cycle',
};

function clip(text: unknown, length = 200): string | null {
  if (typeof text !== 'string' || !text) return null;
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** The contact and the contacts merged into it: their events are this contact's history now. */
function contactAndMergedIds(contactId: string) {
  return sql`SELECT ${contactId}::text UNION ALL SELECT id::text FROM contacts WHERE merged_into_id = ${contactId}::uuid`;
}

registerTimelineSource({
  canRead: (actor) => canCustomers(actor, 'customer.read'),
  streams: (contactId) => [
    { kind: 'contact', recordType: 'contact', recordIds: contactAndMergedIds(contactId), actions: ['contact.created', 'contact.updated', 'contact.merged', 'contact.merge_undone'] },
    { kind: 'note', recordType: 'contact', recordIds: contactAndMergedIds(contactId), actions: ['contact.note_added'] },
    { kind: 'email', recordType: 'contact', recordIds: contactAndMergedIds(contactId), actions: ['contact.email_sent'] },
  ],
  async describe(_db, events) {
    const descriptions = new Map<number, TimelineDescription>();
    for (const event of events) {
      const path = `/customers/${event.recordId}`;
      const loser = event.changes.loser as { displayName?: string } | undefined;
      if (event.action === 'contact.created') descriptions.set(event.id, { title: 'Contact created', summary: null, path });
      else if (event.action === 'contact.merged') descriptions.set(event.id, { title: `Merged ${loser?.displayName ?? 'a contact'} into this contact`, summary: null, path });
      else if (event.action === 'contact.merge_undone') descriptions.set(event.id, { title: `Undid the merge of ${loser?.displayName ?? 'a contact'}`, summary: null, path });
      else if (event.action === 'contact.updated') {
        const changed = [...new Set(Object.keys(event.changes).filter((key) => key !== 'batch').map((key) => fieldNames[key] ?? key))];
        descriptions.set(event.id, { title: 'Details changed', summary: changed.length ? `Changed ${changed.join(', ')}` : null, path });
      } else if (event.action === 'contact.note_added') {
        descriptions.set(event.id, { title: event.changes.visibility === 'external' ? 'Note added (external)' : 'Note added', summary: clip(event.changes.body), path });
      } else descriptions.set(event.id, { title: 'Email sent', summary: clip(event.changes.subject), path });
    }
    return descriptions;
  },
});
