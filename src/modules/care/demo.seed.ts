import { count } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import { grantDemoGroupRights, listBusinessUnits } from '../access/index.js';
import { customerRights } from '../customers/index.js';
import { careRights } from './care.policy.js';
import { createTicket } from './tickets.service.js';
import { tickets } from './tickets.tables.js';

const demoTickets = [
  { subject: 'Where is my order #10442?', name: 'Ann Buyer', email: 'ann.buyer@example.com', department: 'Customer Support', body: 'I ordered two weeks ago and the tracking page has not moved since.', openedBy: 'customer' as const },
  { subject: 'Quote for 40 office chairs', name: 'Bob Office', email: 'bob@office.example', department: 'Sales', body: 'Could you send a quote with delivery to Leeds?', openedBy: 'customer' as const },
  { subject: 'Damaged box on delivery', name: 'Cleo Carrier', email: 'cleo@example.com', department: 'Customer Support', body: 'Customer phoned: the box was crushed, the item inside looks fine. Photos to follow.', openedBy: 'staff' as const },
];

/**
 * Care's part of the demo workspace: the demo groups get the rights to work tickets and
 * customers, and an empty queue gets a few example requests. Idempotent.
 */
export async function seedCareDemo(ctx: ServiceContext): Promise<void> {
  const agentRights = [careRights.ticketsRead, careRights.ticketsCreate, careRights.ticketsWork, careRights.configRead, customerRights.contactsRead, customerRights.contactsManage];
  await grantDemoGroupRights(ctx, {
    'Support agents': agentRights,
    'Sales reps': agentRights,
    Managers: [...agentRights, careRights.ticketsDelete, careRights.configManage, customerRights.contactsDelete],
  });
  const [existing] = await ctx.db.select({ n: count() }).from(tickets);
  if (Number(existing?.n) > 0) return;
  const departments = new Map((await listBusinessUnits(ctx, { limit: 200 })).items.map((unit) => [unit.name, unit.id]));
  for (const demo of demoTickets) {
    await createTicket(ctx, {
      subject: demo.subject,
      contact: { name: demo.name, email: demo.email },
      departmentId: departments.get(demo.department),
      channel: demo.openedBy === 'customer' ? 'portal' : 'phone',
      openedBy: demo.openedBy,
      message: { body: demo.body, visibility: demo.openedBy === 'customer' ? 'public' : 'internal' },
      emailCustomer: false,
    });
  }
}
