/** Rights the staff screens check; the server enforces the same ones. */
export const rights = {
  usersRead: 'access.users.read',
  usersManage: 'access.users.manage',
  groupsRead: 'access.groups.read',
  groupsManage: 'access.groups.manage',
  unitsRead: 'access.units.read',
  unitsManage: 'access.units.manage',
  tokensManage: 'access.tokens.manage',
  auditRead: 'audit.events.read',
  outboxRead: 'system.outbox.read',
  jobsManage: 'system.jobs.manage',
  careConfigRead: 'care.config.read',
  careConfigManage: 'care.config.manage',
  communicationsRead: 'communications.settings.read',
  communicationsManage: 'communications.settings.manage',
  emailSend: 'communications.email.send',
  quarantineRead: 'mail_in.quarantine.read',
} as const;
