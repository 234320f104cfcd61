import { eq } from 'drizzle-orm';
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

/**
 * Lets another module's demo add its rights to the demo groups (found by name), so a fresh
 * workspace's agents can work tickets without an admin granting rights first.
 */
export async function grantDemoGroupRights(ctx: ServiceContext, rightsByGroup: Record<string, readonly string[]>): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    for (const [groupName, rightKeys] of Object.entries(rightsByGroup)) {
      const [group] = await tx.select({ id: groups.id }).from(groups).where(eq(groups.name, groupName));
      if (!group || rightKeys.length === 0) continue;
      const added = await tx.insert(groupRights).values(rightKeys.map((rightKey) => ({ groupId: group.id, rightKey }))).onConflictDoNothing().returning({ rightKey: groupRights.rightKey });
      if (added.length) await recordEvent(tx, ctx, { recordType: 'group', recordId: group.id, action: 'group.rights_granted', changes: { rightKeys: added.map((row) => row.rightKey) } });
    }
  });
}
