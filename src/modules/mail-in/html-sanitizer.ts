/**
 * Mail HTML made safe to show inside the staff app: no script, no event handlers, no javascript:
 * or data: links, no SVG or MathML, no forms or frames, no <style> (it would restyle the app), no
 * CSS that loads anything (url(), expression(), @import), and no remote images (a tracking pixel
 * tells the sender when staff read the mail). Inline images (cid:) point at their stored
 * attachments. Pure; the web app sanitises again on display.
 */
import sanitizeHtml from 'sanitize-html';

const allowedTags = [
  'a', 'abbr', 'b', 'blockquote', 'br', 'caption', 'center', 'code', 'col', 'colgroup', 'dd', 'del', 'div', 'dl', 'dt', 'em', 'font',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'li', 'ol', 'p', 'pre', 'q', 's', 'small', 'span', 'strike', 'strong',
  'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'u', 'ul',
];

// Only plain presentation; nothing that can fetch (url(), image-set, @import) or position over the app.
const safeCssValue = /^(?!.*(url\s*\(|expression\s*\(|image-set|@import|javascript:|\\)).{0,200}$/i;
const styleProperties = [
  'color', 'background-color', 'font-size', 'font-weight', 'font-style', 'font-family', 'text-align', 'text-decoration', 'line-height',
  'margin', 'margin-left', 'margin-right', 'margin-top', 'margin-bottom', 'padding', 'padding-left', 'padding-right', 'padding-top', 'padding-bottom',
  'border', 'border-collapse', 'border-color', 'border-style', 'border-width', 'width', 'max-width', 'height', 'vertical-align', 'white-space',
];

export interface SanitizedHtml {
  html: string;
  /** Remote images that were blocked (their addresses), so the UI can say so. */
  blockedImages: number;
}

/**
 * @param inlineImages content-id (without brackets) -> the URL the stored attachment is served at.
 */
export function sanitizeMailHtml(html: string, inlineImages: ReadonlyMap<string, string>): SanitizedHtml {
  let blockedImages = 0;
  const clean = sanitizeHtml(html, {
    allowedTags,
    allowedAttributes: {
      a: ['href', 'title', 'name', 'rel', 'target'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      td: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      th: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      table: ['width', 'border', 'cellpadding', 'cellspacing', 'align'],
      font: ['color', 'size', 'face'],
      span: ['title'],
      '*': ['style', 'dir', 'lang'],
    },
    allowedStyles: { '*': Object.fromEntries(styleProperties.map((property) => [property, [safeCssValue]])) },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    // Images may only be the stored inline ones (relative URLs after the transform below).
    allowedSchemesByTag: { img: [] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'title', 'head', 'svg', 'math', 'template', 'iframe', 'object'],
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' } }),
      img: (tagName, attribs): sanitizeHtml.Tag => {
        const src = attribs.src ?? '';
        const cid = /^cid:(.+)$/i.exec(src)?.[1];
        const local = cid ? inlineImages.get(cid.replace(/^<|>$/g, '')) : undefined;
        if (local) return { tagName, attribs: { ...attribs, src: local } as sanitizeHtml.Attributes };
        blockedImages += 1;
        // Kept as its alt text: the layout survives, the sender learns nothing.
        return { tagName: 'span', attribs: { title: 'Remote image blocked' }, text: attribs.alt ? `[${attribs.alt}]` : '[image]' };
      },
    },
    allowedClasses: {},
  });
  return { html: clean, blockedImages };
}
