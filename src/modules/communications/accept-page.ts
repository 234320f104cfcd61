import type { AcceptLinkView } from './accept.service.js';
import { escapeHtml } from './template-renderer.js';

const style = `body{font-family:system-ui,-apple-system,Segoe UI,Arial,sans-serif;background:#f4f5f7;color:#222;margin:0;padding:32px 16px}
main{max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:24px 28px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:20px;margin:0 0 16px}dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0 0 16px}dt{color:#666}dd{margin:0}
blockquote{white-space:pre-wrap;border-left:3px solid #d0d4da;margin:0 0 16px;padding:4px 12px;color:#333}
textarea{width:100%;box-sizing:border-box;min-height:80px;font:inherit;padding:8px;margin:4px 0 16px}
button{background:#1c7ed6;color:#fff;border:0;border-radius:4px;padding:10px 18px;font-size:15px;cursor:pointer}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${style}</style></head><body><main>${body}</main></body></html>`;
}

const outcomes: Record<Exclude<AcceptLinkView['state'], 'ready'>, { title: string; text: string }> = {
  accepted: { title: 'Thank you', text: 'The solution is accepted. You can reply to our email at any time if you need anything else.' },
  not_waiting: { title: 'Nothing to accept', text: 'This request is no longer waiting for your acceptance. Reply to our email if you have a question.' },
  superseded: { title: 'This link is out of date', text: 'We have sent you a newer solution for this request since. Please use the link in our latest email.' },
  expired: { title: 'This link has expired', text: 'The link is too old to use. Reply to our email and we will send you a new one.' },
  invalid: { title: 'This link is not valid', text: 'Please check that you opened the whole link from our email.' },
};

/** The confirmation page: what will be accepted and one button that posts back to the same link. */
export function acceptPageHtml(view: AcceptLinkView, action: string): string {
  if (view.state !== 'ready') {
    const outcome = outcomes[view.state];
    const reference = view.ticketNumber ? ` (request #${view.ticketNumber})` : '';
    return page(outcome.title, `<h1 data-state="${view.state}">${escapeHtml(outcome.title)}</h1><p>${escapeHtml(outcome.text + reference)}</p>`);
  }
  const { ticket } = view;
  return page(
    `Accept the solution for request #${ticket.number}`,
    `<h1 data-state="ready">Accept the solution for request #${ticket.number}</h1>
<dl><dt>Request</dt><dd>${escapeHtml(ticket.subject)}</dd><dt>Status</dt><dd>${escapeHtml(ticket.status)}</dd>${ticket.department ? `<dt>Department</dt><dd>${escapeHtml(ticket.department)}</dd>` : ''}</dl>
${view.solution ? `<p>Our solution:</p><blockquote>${escapeHtml(view.solution)}</blockquote>` : ''}
<form method="post" action="${escapeHtml(action)}"><label for="comment">A comment for us (optional)</label><textarea id="comment" name="comment" maxlength="5000"></textarea><button type="submit">Yes, I accept this solution</button></form>`,
  );
}

export function acceptPageStatus(view: AcceptLinkView): number {
  switch (view.state) {
    case 'ready':
    case 'accepted':
      return 200;
    case 'expired':
      return 410;
    case 'invalid':
      return 404;
    default:
      return 409;
  }
}
