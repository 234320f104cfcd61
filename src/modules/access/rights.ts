/** A right a module defines in code. Custom rights are rows with keys under `custom.`. */
export interface RightDefinition {
  key: string;
  module: string;
  label: string;
  description?: string;
}

const builtInRights = new Map<string, RightDefinition>();

/** Modules declare their rights when loaded; they are synced into the `rights` table at start. */
export function defineRights(definitions: RightDefinition[]): void {
  for (const definition of definitions) builtInRights.set(definition.key, definition);
}

export function builtInRightDefinitions(): RightDefinition[] {
  return [...builtInRights.values()];
}

export const accessRights = {
  usersRead: 'access.users.read',
  usersManage: 'access.users.manage',
  groupsRead: 'access.groups.read',
  groupsManage: 'access.groups.manage',
  unitsRead: 'access.units.read',
  unitsManage: 'access.units.manage',
  tokensManage: 'access.tokens.manage',
} as const;

defineRights([
  { key: accessRights.usersRead, module: 'access', label: 'View staff users' },
  { key: accessRights.usersManage, module: 'access', label: 'Create and edit staff users', description: 'Create users, disable them, reset passwords, assign groups and units' },
  { key: accessRights.groupsRead, module: 'access', label: 'View groups and rights' },
  { key: accessRights.groupsManage, module: 'access', label: 'Manage groups and rights', description: 'Create groups, grant rights, create custom rights' },
  { key: accessRights.unitsRead, module: 'access', label: 'View business units' },
  { key: accessRights.unitsManage, module: 'access', label: 'Manage business units' },
  { key: accessRights.tokensManage, module: 'access', label: "Manage other users' API tokens" },
]);

export const customRightPrefix = 'custom.';
