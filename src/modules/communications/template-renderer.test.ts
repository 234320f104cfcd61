import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { renderTemplate, tagsUsed, validateTemplate } from './template-renderer.js';
import { allowedTags, sampleValues, templateDefinitions, templateKeys } from './template-tags.js';
import { defaultTemplates } from './default-templates.js';

const allowed = new Set(['customer.first_name', 'ticket.number', 'message.body']);

describe('renderTemplate', () => {
  it('fills tags in the subject, HTML and text, with or without spaces inside the braces', () => {
    const mail = renderTemplate(
      { subject: 'Re: [#{{ticket.number}}] hi {{ customer.first_name }}', htmlBody: '<p>Hello {{customer.first_name}}</p>', textBody: 'Hello {{customer.first_name}}, #{{ticket.number}}' },
      { 'customer.first_name': 'Sam', 'ticket.number': '136' },
    );
    expect(mail).toEqual({ subject: 'Re: [#136] hi Sam', html: '<p>Hello Sam</p>', text: 'Hello Sam, #136' });
  });

  it('escapes values in the HTML body, keeps them as typed in the text body, and keeps line breaks', () => {
    const body = '<script>alert(1)</script> & "quotes"\nsecond line';
    const mail = renderTemplate({ subject: 's', htmlBody: '<p>{{message.body}}</p>', textBody: '{{message.body}}' }, { 'message.body': body });
    expect(mail.html).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;<br>\nsecond line</p>');
    expect(mail.text).toBe(body);
  });

  it('puts the subject on one line, whatever the values hold', () => {
    const mail = renderTemplate({ subject: 'About {{ticket.subject}}', htmlBody: '', textBody: '' }, { 'ticket.subject': 'a\r\nBcc: victim@example.com' });
    expect(mail.subject).toBe('About a Bcc: victim@example.com');
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it('renders a missing value as nothing', () => {
    expect(renderTemplate({ subject: 'x{{ticket.number}}y', htmlBody: '', textBody: '' }, {}).subject).toBe('xy');
  });

  it('property: no tag value can add markup to the HTML body, even inside an attribute', () => {
    const template = { subject: '', htmlBody: '<p title="{{customer.first_name}}">{{message.body}}</p><a href="{{ticket.number}}">x</a>', textBody: '' };
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (name, body, number) => {
        const { html } = renderTemplate(template, { 'customer.first_name': name, 'message.body': body, 'ticket.number': number });
        // The template's own markup is all there is; each value sits in its slot, escaped.
        const slots = /^<p title="([^"<>]*)">([^<>]*(?:<br>\n[^<>]*)*)<\/p><a href="([^"<>]*)">x<\/a>$/.exec(html);
        expect(slots, html).not.toBeNull();
        const unescape = (value: string) => value.replace(/&(lt|gt|quot|#39|#96|amp);/g, (_m, entity: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", '#96': '`', amp: '&' })[entity]!);
        for (const slot of [slots![1]!, slots![2]!, slots![3]!]) expect(slot).not.toMatch(/["'`]/);
        expect(unescape(slots![1]!)).toBe(name);
        expect(unescape(slots![2]!.replace(/<br>\n/g, '\n'))).toBe(body.replace(/\r\n/g, '\n'));
        expect(unescape(slots![3]!)).toBe(number);
      }),
      { numRuns: 500 },
    );
  });
});

describe('validateTemplate', () => {
  it('accepts known tags', () => {
    expect(validateTemplate({ subject: '#{{ticket.number}}', htmlBody: '{{message.body}}', textBody: 'Hi {{ customer.first_name }}' }, allowed)).toEqual([]);
  });

  it('names the field of every unknown or malformed tag', () => {
    const errors = validateTemplate({ subject: 'Hi {{customer.nickname}}', htmlBody: '{{ Message.Body }}', textBody: 'ok {{ticket.number}} {{accept.link}}' }, allowed);
    expect(errors.map((e) => e.field)).toEqual(['subject', 'htmlBody', 'textBody']);
    expect(errors[0]!.message).toContain('unknown tag {{customer.nickname}}');
    expect(errors[1]!.message).toContain('not a valid tag');
    expect(errors[2]!.message).toContain('{{accept.link}}');
  });

  it('reports an unclosed tag and an empty subject', () => {
    const errors = validateTemplate({ subject: ' ', htmlBody: 'Hello {{customer.first_name', textBody: '' }, allowed);
    expect(errors).toEqual([
      { field: 'htmlBody', message: expect.stringContaining('unclosed') },
      { field: 'subject', message: 'must not be empty' },
    ]);
  });

  it('lists the tags a text uses, once each', () => {
    expect(tagsUsed('{{a.b}} {{ c }} {{a.b}}')).toEqual(['a.b', 'c']);
  });
});

describe('tag catalogue', () => {
  it('every default template uses only the tags its catalogue offers', () => {
    for (const key of templateKeys) expect(validateTemplate(defaultTemplates[key], allowedTags(key)), key).toEqual([]);
  });

  it('has a description and a sample for every tag, and no tag twice', () => {
    for (const key of templateKeys) {
      const tags = templateDefinitions[key].tags.map((t) => t.tag);
      expect(new Set(tags).size, key).toBe(tags.length);
      for (const tag of templateDefinitions[key].tags) expect(tag.description && tag.sample, `${key} ${tag.tag}`).toBeTruthy();
    }
  });

  it('offers the accept link only where the customer is asked to accept, and the message everywhere a ticket mail goes', () => {
    const withAcceptLink = templateKeys.filter((key) => allowedTags(key).has('accept.link'));
    expect(withAcceptLink).toEqual(['ticket_awaiting_acceptance']);
    expect(allowedTags('ticket_reply').has('ticket.link')).toBe(false);
    expect(allowedTags('ticket_reply').has('message.body')).toBe(true);
  });

  it('previews every default template with its samples, without leftover braces', () => {
    for (const key of templateKeys) {
      const mail = renderTemplate(defaultTemplates[key], sampleValues(key));
      expect(`${mail.subject}${mail.html}${mail.text}`, key).not.toContain('{{');
    }
    expect(renderTemplate(defaultTemplates.ticket_reply, sampleValues('ticket_reply')).subject).toBe('Re: [#136] Customer Service');
  });
});
