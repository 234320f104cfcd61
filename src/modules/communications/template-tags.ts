/**
 * Which tags each template may use, with sample values for the editor's preview. Pure data: the
 * renderer validates templates against it and the mail job fills the same names.
 */

export const templateKeys = [
  'ticket_received_customer',
  'ticket_created_staff',
  'ticket_reply',
  'ticket_status_changed',
  'ticket_awaiting_acceptance',
  'ticket_completed',
  'password_reset',
  'portal_invitation',
] as const;
export type TemplateKey = (typeof templateKeys)[number];

export interface TagDefinition {
  tag: string;
  description: string;
  sample: string;
}

const customerTags: TagDefinition[] = [
  { tag: 'customer.first_name', description: "The customer's first name", sample: 'Sam' },
  { tag: 'customer.last_name', description: "The customer's last name", sample: 'Harris' },
  { tag: 'customer.name', description: "The customer's full name", sample: 'Sam Harris' },
  { tag: 'customer.email', description: "The customer's email address", sample: 'sam@example.com' },
];

const ticketTags: TagDefinition[] = [
  { tag: 'ticket.number', description: 'The request number (#136)', sample: '136' },
  { tag: 'ticket.subject', description: 'The request subject', sample: 'Customer Service' },
  { tag: 'ticket.status', description: 'The status the request is in', sample: 'In Process' },
  { tag: 'ticket.opened_at', description: 'When the request was opened (UTC)', sample: '2026-09-04 11:56 UTC' },
  { tag: 'department.name', description: 'The department handling the request', sample: 'Customer Support' },
  { tag: 'staff.name', description: 'The staff member who acted (or the assignee)', sample: 'Samantha' },
  { tag: 'portal.link', description: "Link to the request in the customer's My Account", sample: 'https://shop.example.com/portal/requests/136' },
];

const messageTag: TagDefinition = {
  tag: 'message.body',
  description: 'The message written with this change (empty when there is none)',
  sample: 'I am very sorry this happened. I am sending you a $10.00 gift certificate.',
};

const acceptLinkTag: TagDefinition = {
  tag: 'accept.link',
  description: 'Signed link where the customer confirms they accept the resolution (expires)',
  sample: 'https://shop.example.com/accept/136.42.1790000000.3f9a0c5e1b2d4a6f',
};

const staffLinkTag: TagDefinition = { tag: 'ticket.link', description: 'Link to the ticket in the staff app', sample: 'https://crm.example.com/tickets/136' };

export interface TemplateDefinition {
  key: TemplateKey;
  name: string;
  description: string;
  /** Who the template is written for; customer templates never carry internal notes. */
  audience: 'customer' | 'staff';
  tags: TagDefinition[];
}

export const templateDefinitions: Record<TemplateKey, TemplateDefinition> = {
  ticket_received_customer: {
    key: 'ticket_received_customer',
    name: 'New request received',
    description: 'Tells the customer their request was received, with its number.',
    audience: 'customer',
    tags: [...customerTags, ...ticketTags, messageTag],
  },
  ticket_created_staff: {
    key: 'ticket_created_staff',
    name: 'New request (to the department)',
    description: 'Tells the department or staff that a new request came in, with a summary.',
    audience: 'staff',
    tags: [...customerTags, ...ticketTags, messageTag, staffLinkTag, { tag: 'customer.phone', description: "The customer's phone", sample: '1800-828-6650' }],
  },
  ticket_reply: {
    key: 'ticket_reply',
    name: 'CRM - Reply',
    description: "Sends a staff response to the customer.",
    audience: 'customer',
    tags: [...customerTags, ...ticketTags, messageTag],
  },
  ticket_status_changed: {
    key: 'ticket_status_changed',
    name: 'Status changed',
    description: 'Tells the customer their request moved to another status.',
    audience: 'customer',
    tags: [...customerTags, ...ticketTags, messageTag],
  },
  ticket_awaiting_acceptance: {
    key: 'ticket_awaiting_acceptance',
    name: 'Resolution needs your acceptance',
    description: 'Asks the customer to accept a response or resolution, with a signed link.',
    audience: 'customer',
    tags: [...customerTags, ...ticketTags, messageTag, acceptLinkTag],
  },
  ticket_completed: {
    key: 'ticket_completed',
    name: 'Request completed',
    description: 'Tells the customer their request is completed.',
    audience: 'customer',
    tags: [...customerTags, ...ticketTags, messageTag],
  },
  password_reset: {
    key: 'password_reset',
    name: 'Password reset',
    description: 'Sends a customer the link to choose a new My Account password.',
    audience: 'customer',
    tags: [...customerTags, { tag: 'reset.link', description: 'One-time link to choose a new password', sample: 'https://shop.example.com/portal/reset-password?token=…' }, { tag: 'portal.link', description: 'The My Account address', sample: 'https://shop.example.com/portal' }],
  },
  portal_invitation: {
    key: 'portal_invitation',
    name: 'Portal invitation',
    description: 'Invites a contact to My Account with a link to set a password.',
    audience: 'customer',
    tags: [...customerTags, { tag: 'invitation.link', description: 'Link to set a password and sign in', sample: 'https://shop.example.com/portal/invitation?token=…' }, { tag: 'portal.link', description: 'The My Account address', sample: 'https://shop.example.com/portal' }, { tag: 'staff.name', description: 'Who sent the invitation', sample: 'Samantha' }],
  },
};

export function isTemplateKey(value: string): value is TemplateKey {
  return (templateKeys as readonly string[]).includes(value);
}

export function allowedTags(key: TemplateKey): Set<string> {
  return new Set(templateDefinitions[key].tags.map((tag) => tag.tag));
}

export function sampleValues(key: TemplateKey): Record<string, string> {
  return Object.fromEntries(templateDefinitions[key].tags.map((tag) => [tag.tag, tag.sample]));
}
