/**
 * The public page of a web form, rendered on the server: plain HTML that works without
 * JavaScript, in a browser or in another site's iframe. Labels, help text and errors are tied to
 * their inputs, and a summary at the top lists what to fix.
 */
import type { FieldError } from '../../platform/errors.js';
import { escapeHtml } from '../communications/index.js';
import type { ContactFieldKey, ResolvedField } from './web-form-fields.js';

const style = `*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,Segoe UI,Arial,sans-serif;font-size:16px;line-height:1.45;background:#f4f5f7;color:#1f2328;margin:0;padding:32px 16px}
body.embed{background:transparent;padding:8px}
main{max-width:640px;margin:0 auto;background:#fff;border-radius:8px;padding:24px 28px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
body.embed main{box-shadow:none;padding:8px}
h1{font-size:22px;margin:0 0 8px}
.intro{margin:0 0 20px;white-space:pre-wrap;color:#3d434a}
.field{margin:0 0 18px}
label{display:block;font-weight:600;margin:0 0 4px}
.check label{display:flex;gap:8px;align-items:flex-start;font-weight:400}
.check input{margin-top:4px;width:18px;height:18px}
.req{color:#b42318}
.help{margin:2px 0 6px;color:#57606a;font-size:14px}
input[type=text],input[type=email],input[type=tel],input[type=url],input[type=date],select,textarea{width:100%;font:inherit;padding:9px 10px;border:1px solid #8c959f;border-radius:6px;background:#fff;color:inherit}
textarea{min-height:140px;resize:vertical}
input:focus,select:focus,textarea:focus,button:focus{outline:3px solid #4c9aff;outline-offset:1px}
[aria-invalid=true]{border-color:#b42318;border-width:2px}
.error{margin:4px 0 0;color:#b42318;font-size:14px;font-weight:600}
.summary{border:2px solid #b42318;border-radius:6px;padding:12px 16px;margin:0 0 20px;background:#fff5f5}
.summary h2{font-size:17px;margin:0 0 6px;color:#b42318}
.summary ul{margin:0;padding-left:20px}
.summary a{color:#b42318}
.hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);border:0}
button{background:#1c6dd0;color:#fff;border:0;border-radius:6px;padding:11px 22px;font-size:16px;font-weight:600;cursor:pointer}
button:hover{background:#1559ab}
.thanks{white-space:pre-wrap;font-size:17px}`;

export function pageHtml(title: string, body: string, embed: boolean): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${style}</style></head><body${embed ? ' class="embed"' : ''}><main>${body}</main></body></html>`;
}

const autocomplete: Record<ContactFieldKey, string> = {
  first_name: 'given-name',
  last_name: 'family-name',
  email: 'email',
  phone: 'tel',
  company: 'organization',
  job_title: 'organization-title',
  address_line1: 'address-line1',
  address_line2: 'address-line2',
  city: 'address-level2',
  region: 'address-level1',
  postal_code: 'postal-code',
  country: 'country',
};

export interface FormPageView {
  title: string;
  description: string;
  fields: ResolvedField[];
  /** Where the form posts (the page's own address). */
  action: string;
  startToken: string;
  embed: boolean;
  /** What the sender typed, shown again with the errors. */
  values?: Record<string, string>;
  errors?: FieldError[];
}

function inputId(key: string): string {
  return `field-${key}`;
}

function fieldInput(field: ResolvedField, value: string, describedBy: string, invalid: boolean): string {
  const id = inputId(field.key);
  const common = `id="${id}" name="values.${escapeHtml(field.key)}"${field.required ? ' required aria-required="true"' : ''}${describedBy ? ` aria-describedby="${describedBy}"` : ''}${invalid ? ' aria-invalid="true"' : ''}`;
  const auto = field.kind === 'contact' ? ` autocomplete="${autocomplete[field.key as ContactFieldKey]}"` : '';
  switch (field.type) {
    case 'textarea':
      return `<textarea ${common} rows="6" maxlength="20000">${escapeHtml(value)}</textarea>`;
    case 'choice': {
      const options = field.options.map((option) => `<option value="${escapeHtml(option)}"${option === value ? ' selected' : ''}>${escapeHtml(option)}</option>`).join('');
      return `<select ${common}><option value="">Choose…</option>${options}</select>`;
    }
    case 'boolean':
      return `<input type="checkbox" ${common} value="true"${value === 'true' ? ' checked' : ''}>`;
    case 'email':
      return `<input type="email" ${common}${auto} value="${escapeHtml(value)}" maxlength="254">`;
    case 'url':
      return `<input type="url" ${common} value="${escapeHtml(value)}" maxlength="5000">`;
    case 'phone':
      return `<input type="tel" ${common}${auto} value="${escapeHtml(value)}" maxlength="50">`;
    case 'date':
      return `<input type="date" ${common} value="${escapeHtml(value)}">`;
    case 'number':
      // Text, not type=number: a browser would send a mistyped number as empty, hiding the mistake.
      return `<input type="text" inputmode="decimal" ${common} value="${escapeHtml(value)}">`;
    case 'country':
      return `<input type="text" ${common}${auto} value="${escapeHtml(value)}" maxlength="2" size="4">`;
    default:
      return `<input type="text" ${common}${auto} value="${escapeHtml(value)}" maxlength="5000">`;
  }
}

function fieldHtml(field: ResolvedField, value: string, error: string | undefined): string {
  const id = inputId(field.key);
  const helpId = field.helpText ? `${id}-help` : '';
  const errorId = error ? `${id}-error` : '';
  const describedBy = [helpId, errorId].filter(Boolean).join(' ');
  const marker = field.required ? ' <span class="req" aria-hidden="true">*</span><span class="sr-only"> (required)</span>' : '';
  const help = field.helpText ? `<p class="help" id="${helpId}">${escapeHtml(field.helpText)}</p>` : '';
  const errorText = error ? `<p class="error" id="${errorId}">${escapeHtml(error)}</p>` : '';
  const input = fieldInput(field, value, describedBy, Boolean(error));
  if (field.type === 'boolean') {
    return `<div class="field check" data-field="${escapeHtml(field.key)}"><label for="${id}">${input}<span>${escapeHtml(field.label)}${marker}</span></label>${help}${errorText}</div>`;
  }
  return `<div class="field" data-field="${escapeHtml(field.key)}"><label for="${id}">${escapeHtml(field.label)}${marker}</label>${help}${input}${errorText}</div>`;
}

function errorSummary(fields: ResolvedField[], errors: FieldError[]): string {
  if (!errors.length) return '';
  const items = errors.map((error) => {
    const field = fields.find((candidate) => `values.${candidate.key}` === error.field);
    return field ? `<li><a href="#${inputId(field.key)}">${escapeHtml(field.label)}: ${escapeHtml(error.message)}</a></li>` : `<li>${escapeHtml(error.message)}</li>`;
  });
  const heading = errors.length === 1 ? 'Please correct one thing' : `Please correct ${errors.length} things`;
  return `<div class="summary" role="alert" aria-labelledby="summary-title" tabindex="-1" autofocus data-testid="form-errors"><h2 id="summary-title">${heading}</h2><ul>${items.join('')}</ul></div>`;
}

/** The form itself, with the sender's answers and errors when it comes back to be corrected. */
export function formPageHtml(view: FormPageView): string {
  const errors = view.errors ?? [];
  const errorFor = (key: string) => errors.find((error) => error.field === `values.${key}`)?.message;
  const fields = view.fields.map((field) => fieldHtml(field, view.values?.[field.key] ?? '', errorFor(field.key))).join('\n');
  const honeypot = `<div class="hp" aria-hidden="true"><label for="website">Leave this field empty</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>`;
  const body = `<h1>${escapeHtml(view.title)}</h1>${view.description ? `<p class="intro">${escapeHtml(view.description)}</p>` : ''}
${errorSummary(view.fields, errors)}
<form method="post" action="${escapeHtml(view.action)}" novalidate data-testid="web-form">
<p class="help">Fields marked <span class="req" aria-hidden="true">*</span><span class="sr-only">with an asterisk</span> are required.</p>
${fields}
${honeypot}<input type="hidden" name="startToken" value="${escapeHtml(view.startToken)}">
<button type="submit">Send</button>
</form>`;
  return pageHtml(errors.length ? `Error: ${view.title}` : view.title, body, view.embed);
}

export function thankYouPageHtml(title: string, message: string, embed: boolean): string {
  return pageHtml(title, `<h1>${escapeHtml(title)}</h1><p class="thanks" role="status" data-testid="web-form-thanks">${escapeHtml(message)}</p>`, embed);
}

export function messagePageHtml(title: string, message: string, embed: boolean): string {
  return pageHtml(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`, embed);
}
