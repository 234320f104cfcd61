import type { CommunicationEvent, RecipientKind } from './communication-rules.js';
import type { TemplateSource } from './template-renderer.js';
import type { TemplateKey } from './template-tags.js';

const htmlMail = (body: string) => `<div style="font-family: Arial, sans-serif; font-size: 14px; line-height: 1.5; color: #222">\n${body}\n</div>`;

/** What a fresh installation starts with; admins edit them in Admin > Communications. */
export const defaultTemplates: Record<TemplateKey, TemplateSource> = {
  ticket_received_customer: {
    subject: '[#{{ticket.number}}] We received your request: {{ticket.subject}}',
    htmlBody: htmlMail(
      `<p>Hello {{customer.first_name}},</p>\n<p>Thank you for contacting us. We received your request <strong>#{{ticket.number}}</strong> ({{ticket.subject}}) and {{department.name}} will get back to you soon.</p>\n<blockquote>{{message.body}}</blockquote>\n<p>You can follow it in <a href="{{portal.link}}">My Account</a>, or simply reply to this email.</p>`,
    ),
    textBody: `Hello {{customer.first_name}},\n\nThank you for contacting us. We received your request #{{ticket.number}} ({{ticket.subject}}) and {{department.name}} will get back to you soon.\n\n{{message.body}}\n\nFollow it in My Account: {{portal.link}}\nor simply reply to this email.\n`,
  },
  ticket_created_staff: {
    subject: 'New request #{{ticket.number}}: {{ticket.subject}}',
    htmlBody: htmlMail(
      `<p>A new request came in for {{department.name}}.</p>\n<p><strong>#{{ticket.number}}: {{ticket.subject}}</strong><br>\nFrom: {{customer.name}} &lt;{{customer.email}}&gt; {{customer.phone}}</p>\n<blockquote>{{message.body}}</blockquote>\n<p><a href="{{ticket.link}}">Open the ticket</a></p>`,
    ),
    textBody: `A new request came in for {{department.name}}.\n\n#{{ticket.number}}: {{ticket.subject}}\nFrom: {{customer.name}} <{{customer.email}}> {{customer.phone}}\n\n{{message.body}}\n\nOpen the ticket: {{ticket.link}}\n`,
  },
  ticket_reply: {
    subject: 'Re: [#{{ticket.number}}] {{ticket.subject}}',
    htmlBody: htmlMail(
      `<p>Hello {{customer.first_name}},</p>\n<p>{{message.body}}</p>\n<p>{{staff.name}}<br>{{department.name}}</p>\n<p style="color: #666; font-size: 12px">Request #{{ticket.number}} is now <em>{{ticket.status}}</em>. Reply to this email or see the whole conversation in <a href="{{portal.link}}">My Account</a>.</p>`,
    ),
    textBody: `Hello {{customer.first_name}},\n\n{{message.body}}\n\n{{staff.name}}\n{{department.name}}\n\nRequest #{{ticket.number}} is now {{ticket.status}}. Reply to this email or see the whole conversation in My Account: {{portal.link}}\n`,
  },
  ticket_status_changed: {
    subject: '[#{{ticket.number}}] Your request is now {{ticket.status}}',
    htmlBody: htmlMail(`<p>Hello {{customer.first_name}},</p>\n<p>Your request <strong>#{{ticket.number}}</strong> ({{ticket.subject}}) is now <strong>{{ticket.status}}</strong>.</p>\n<p><a href="{{portal.link}}">See it in My Account</a></p>`),
    textBody: `Hello {{customer.first_name}},\n\nYour request #{{ticket.number}} ({{ticket.subject}}) is now {{ticket.status}}.\n\nSee it in My Account: {{portal.link}}\n`,
  },
  ticket_awaiting_acceptance: {
    subject: '[#{{ticket.number}}] Please confirm our solution: {{ticket.subject}}',
    htmlBody: htmlMail(
      `<p>Hello {{customer.first_name}},</p>\n<p>{{message.body}}</p>\n<p>If this solves your request, please confirm it:</p>\n<p><a href="{{accept.link}}" style="display: inline-block; padding: 8px 16px; background: #1c7ed6; color: #fff; text-decoration: none; border-radius: 4px">Accept the solution</a></p>\n<p>If it does not, just reply to this email and tell us what is still wrong.</p>\n<p>{{staff.name}}<br>{{department.name}}</p>`,
    ),
    textBody: `Hello {{customer.first_name}},\n\n{{message.body}}\n\nIf this solves your request, please confirm it here:\n{{accept.link}}\n\nIf it does not, just reply to this email and tell us what is still wrong.\n\n{{staff.name}}\n{{department.name}}\n`,
  },
  ticket_completed: {
    subject: '[#{{ticket.number}}] Your request is completed: {{ticket.subject}}',
    htmlBody: htmlMail(`<p>Hello {{customer.first_name}},</p>\n<p>{{message.body}}</p>\n<p>Your request <strong>#{{ticket.number}}</strong> ({{ticket.subject}}) is completed. Thank you for contacting us.</p>\n<p><a href="{{portal.link}}">See it in My Account</a></p>`),
    textBody: `Hello {{customer.first_name}},\n\n{{message.body}}\n\nYour request #{{ticket.number}} ({{ticket.subject}}) is completed. Thank you for contacting us.\n\nSee it in My Account: {{portal.link}}\n`,
  },
  password_reset: {
    subject: 'Reset your password',
    htmlBody: htmlMail(`<p>Hello {{customer.first_name}},</p>\n<p>Someone asked to reset the password of your account. To choose a new password, open this link within one hour:</p>\n<p><a href="{{reset.link}}">Choose a new password</a></p>\n<p>If you did not ask for this, ignore this message; your password stays the same.</p>`),
    textBody: `Hello {{customer.first_name}},\n\nSomeone asked to reset the password of your account. To choose a new password, open this link within one hour:\n\n{{reset.link}}\n\nIf you did not ask for this, ignore this message; your password stays the same.\n`,
  },
  portal_invitation: {
    subject: 'Your account is ready',
    htmlBody: htmlMail(`<p>Hello {{customer.first_name}},</p>\n<p>{{staff.name}} invited you to My Account, where you can follow your requests and orders.</p>\n<p><a href="{{invitation.link}}">Set your password and sign in</a></p>`),
    textBody: `Hello {{customer.first_name}},\n\n{{staff.name}} invited you to My Account, where you can follow your requests and orders.\n\nSet your password and sign in: {{invitation.link}}\n`,
  },
};

/** The rules a fresh installation starts with: the 3dCart loop, by email. */
export const defaultRules: { name: string; event: CommunicationEvent; templateKey: TemplateKey; recipient: RecipientKind; enabled: boolean }[] = [
  { name: 'Confirm a new request to the customer', event: 'ticket_created', templateKey: 'ticket_received_customer', recipient: 'customer', enabled: true },
  { name: 'Tell the department about a new request', event: 'ticket_created', templateKey: 'ticket_created_staff', recipient: 'department', enabled: true },
  { name: 'CRM - Reply to the customer', event: 'ticket_replied', templateKey: 'ticket_reply', recipient: 'customer', enabled: true },
  { name: 'Ask the customer to accept a solution', event: 'ticket_awaiting_acceptance', templateKey: 'ticket_awaiting_acceptance', recipient: 'customer', enabled: true },
  { name: 'Tell the customer the request is completed', event: 'ticket_completed', templateKey: 'ticket_completed', recipient: 'customer', enabled: true },
  { name: 'Tell the customer the status changed', event: 'ticket_status_changed', templateKey: 'ticket_status_changed', recipient: 'customer', enabled: false },
];
