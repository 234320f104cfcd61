/**
 * Renders mail templates with `{{tag}}` placeholders. Pure: no I/O. Tag values are data from
 * customers and staff, so in the HTML body every value is escaped and cannot add markup.
 */

export interface TemplateSource {
  subject: string;
  htmlBody: string;
  textBody: string;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export interface TemplateFieldError {
  field: keyof TemplateSource;
  message: string;
}

const placeholder = /\{\{\s*([^{}]*?)\s*\}\}/g;
const tagName = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (char) => htmlEntities[char]!);
}

/** Every tag a piece of template text uses, in order of first use. */
export function tagsUsed(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(placeholder)) if (!found.includes(match[1]!)) found.push(match[1]!);
  return found;
}

/** Unknown or malformed tags, each naming the field it is in. An empty list means the template is valid. */
export function validateTemplate(template: TemplateSource, allowed: ReadonlySet<string>): TemplateFieldError[] {
  const errors: TemplateFieldError[] = [];
  for (const field of ['subject', 'htmlBody', 'textBody'] as const) {
    for (const tag of tagsUsed(template[field])) {
      if (!tagName.test(tag)) errors.push({ field, message: `{{${tag}}} is not a valid tag` });
      else if (!allowed.has(tag)) errors.push({ field, message: `unknown tag {{${tag}}}; this template can use ${[...allowed].map((t) => `{{${t}}}`).join(', ')}` });
    }
    // A lone "{{" is almost always a tag typed wrong; say so rather than send it to a customer.
    const withoutTags = template[field].replace(placeholder, '');
    if (withoutTags.includes('{{')) errors.push({ field, message: 'has an unclosed {{ (a tag needs closing braces: {{ticket.number}})' });
  }
  if (!template.subject.trim()) errors.push({ field: 'subject', message: 'must not be empty' });
  return errors;
}

function fill(source: string, values: Readonly<Record<string, string>>, encode: (value: string) => string): string {
  return source.replace(placeholder, (_whole, tag: string) => encode(values[tag] ?? ''));
}

/**
 * Fills a template. Unknown tags render empty (validation keeps them out of saved templates);
 * HTML values are escaped with line breaks kept, the subject is one line.
 */
export function renderTemplate(template: TemplateSource, values: Readonly<Record<string, string>>): RenderedMail {
  return {
    subject: fill(template.subject, values, (value) => value.replace(/[\r\n]+/g, ' ')).replace(/[\r\n]+/g, ' ').trim(),
    html: fill(template.htmlBody, values, (value) => escapeHtml(value).replace(/\r?\n/g, '<br>\n')),
    text: fill(template.textBody, values, (value) => value),
  };
}
