import type { ServiceContext } from '../../platform/context.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { businessUnits, groupRights, groups } from './access.tables.js';
import { accessRights } from './rights.js';

const demoUnits = [
  { name: 'General', description: 'Everything that has no better place', visibleToCustomers: true },
  { name: 'Sales', description: 'Quotes, orders and new customers', visibleToCustomers: true },
  { name: 'Customer Support', description: 'Questions and problems after the sale', visibleToCustomers: true },
];

const demoGroups = [
  { name: 'Managers', description: 'Team leads: see and manage staff, groups and units', rights: Object.values(accessRights) },
  { name: 'Support agents', description: 'Front-line customer care', rights: [accessRights.usersRead, accessRights.unitsRead] },
  { name: 'Sales reps', description: 'Account owners and lead handlers', rights: [accessRights.usersRead, accessRights.unitsRead] },
];

/** Default business units and groups; rows that already exist (by name) are left alone. */
export async function seedAccessDemo(ctx: ServiceContext): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    for (const unit of demoUnits) {
      const [row] = await tx.insert(businessUnits).values(unit).onConflictDoNothing().returning({ id: businessUnits.id });
      if (row) await recordEvent(tx, ctx, { recordType: 'business_unit', recordId: row.id, action: 'business_unit.created', changes: unit });
    }
    for (const group of demoGroups) {
      const [row] = await tx
        .insert(groups)
        .values({ name: group.name, description: group.description })
        .onConflictDoNothing()
        .returning({ id: groups.id });
      if (!row) continue;
      await tx.insert(groupRights).values(group.rights.map((rightKey) => ({ groupId: row.id, rightKey }))).onConflictDoNothing();
      await recordEvent(tx, ctx, { recordType: 'group', recordId: row.id, action: 'group.created', changes: { name: group.name, rightKeys: group.rights } });
    }
  });
}
