import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { defineRights, hasRight } from '../access/index.js';

export const careRights = {
  ticketsRead: 'care.tickets.read',
  ticketsCreate: 'care.tickets.create',
  ticketsWork: 'care.tickets.work',
  ticketsDelete: 'care.tickets.delete',
  configRead: 'care.config.read',
  configManage: 'care.config.manage',
} as const;

defineRights([
  { key: careRights.ticketsRead, module: 'care', label: 'View tickets', description: 'See the ticket queue, tickets and their conversation' },
  { key: careRights.ticketsCreate, module: 'care', label: 'Create tickets' },
  { key: careRights.ticketsWork, module: 'care', label: 'Work on tickets', description: 'Respond, add notes, change status, assign, resolve, complete and cancel' },
  { key: careRights.ticketsDelete, module: 'care', label: 'Delete tickets', description: 'Only tickets nothing else refers to' },
  { key: careRights.configRead, module: 'care', label: 'View customer-care settings' },
  { key: careRights.configManage, module: 'care', label: 'Manage customer-care settings', description: 'Statuses, departments, categories, priorities, types and their rules' },
]);

export type CareAction = 'ticket.read' | 'ticket.create' | 'ticket.work' | 'ticket.delete' | 'config.read' | 'config.manage';

const rightFor: Record<CareAction, string[]> = {
  'ticket.read': [careRights.ticketsRead, careRights.ticketsWork],
  'ticket.create': [careRights.ticketsCreate],
  'ticket.work': [careRights.ticketsWork],
  'ticket.delete': [careRights.ticketsDelete],
  // Anyone who works tickets needs to read the settings that drive them (statuses, types...).
  'config.read': [careRights.configRead, careRights.configManage, careRights.ticketsRead, careRights.ticketsWork, careRights.ticketsCreate],
  'config.manage': [careRights.configManage],
};

/** Who may do what in customer care. Pure. */
export function canCare(actor: Actor, action: CareAction): boolean {
  return rightFor[action].some((right) => hasRight(actor, right));
}

export function assertCanCare(actor: Actor, action: CareAction): void {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in first');
  if (!canCare(actor, action)) throw AppError.forbidden();
}
