import { useCallback, useEffect, useState } from 'react';
import { errorText, portalApi, unwrap, type Customer, type Department, type RequestDetail, type RequestSummary } from './api';
import { AttachmentInput } from './AttachmentInput';
import { ActionForm, Field, Honeypot, text } from './Form';
import { formatBytes, formatDate } from './format';
import { Link } from './Link';
import { navigate } from './navigation';

/** Loads once per `deps` change (the caller lists what `load` depends on). */
function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: string }>({});
  const reload = useCallback(() => load().then((data) => setState({ data }), (error: unknown) => setState({ error: errorText(error) })), deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { ...state, reload, setData: (data: T) => setState({ data }) };
}

function lastAction(request: RequestSummary) {
  return `${formatDate(request.lastActionAt)} by ${request.lastActionBy === 'customer' ? 'you' : 'us'}`;
}

function RequestsTable({ items, testId }: { items: RequestSummary[]; testId: string }) {
  if (items.length === 0) return <p data-testid={testId}>No requests here yet.</p>;
  return (
    <table className="portal-table" data-testid={testId}>
      <thead>
        <tr>
          <th>ID</th>
          <th>Department</th>
          <th>Date</th>
          <th>Subject</th>
          <th>Status</th>
          <th>Last action</th>
        </tr>
      </thead>
      <tbody>
        {items.map((request) => (
          <tr key={request.number}>
            <td>
              <Link href={`/portal/requests/${request.number}`}>#{request.number}</Link>
            </td>
            <td>{request.department ?? '—'}</td>
            <td>{formatDate(request.createdAt)}</td>
            <td>
              <Link href={`/portal/requests/${request.number}`}>{request.subject}</Link>
            </td>
            <td>{request.status}</td>
            <td>{lastAction(request)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AccountPage({ customer }: { customer: Customer }) {
  const recent = useLoad(() => unwrap(portalApi.GET('/requests', { params: { query: { sinceDays: 30, limit: 20 } } })), []);
  return (
    <>
      <section className="portal-card">
        <h2>Welcome, {customer.name}</h2>
        <p>
          Follow your requests here, or <Link href="/portal/requests/new">add a request</Link>.
        </p>
      </section>
      <section className="portal-card">
        <h2>My Last Requests (30 days)</h2>
        {recent.error ? <p className="portal-error">{recent.error}</p> : recent.data ? <RequestsTable items={recent.data.items} testId="portal-recent-requests" /> : <p>Loading…</p>}
        <p>
          <Link href="/portal/requests">All my requests</Link>
        </p>
      </section>
    </>
  );
}

export function AllRequestsPage() {
  const all = useLoad(() => unwrap(portalApi.GET('/requests', { params: { query: { limit: 200 } } })), []);
  return (
    <section className="portal-card">
      <div className="portal-row">
        <h2>My requests</h2>
        <Link className="portal-primary" href="/portal/requests/new">
          Add Request
        </Link>
      </div>
      {all.error ? <p className="portal-error">{all.error}</p> : all.data ? <RequestsTable items={all.data.items} testId="portal-all-requests" /> : <p>Loading…</p>}
    </section>
  );
}

export function NewRequestPage({ customer }: { customer: Customer }) {
  const departments = useLoad(() => unwrap(portalApi.GET('/departments')), []);
  const [attachmentIds, setAttachmentIds] = useState<string[]>([]);
  const [uploading, setUploading] = useState(false);
  return (
    <section className="portal-card">
      <h2>Add Request</h2>
      <ActionForm
        submitLabel={uploading ? 'Waiting for uploads…' : 'Send request'}
        testId="portal-new-request"
        onSubmit={async (data) => {
          if (uploading) throw new Error('Wait until the files have uploaded');
          const created = await unwrap(
            portalApi.POST('/requests', {
              body: {
                departmentId: text(data, 'departmentId'),
                name: text(data, 'name'),
                phone: text(data, 'phone') || undefined,
                subject: text(data, 'subject'),
                message: text(data, 'message'),
                attachmentIds,
                website: text(data, 'website') || undefined,
              },
            }),
          );
          navigate(`/portal/requests/${created.number}`);
        }}
      >
        <label className="portal-field">
          <span>Department</span>
          <select name="departmentId" required defaultValue="">
            <option value="" disabled>
              Choose a department
            </option>
            {(departments.data?.items ?? []).map((department: Department) => (
              <option key={department.id} value={department.id}>
                {department.name}
              </option>
            ))}
          </select>
        </label>
        <Field label="Name" name="name" required defaultValue={customer.name} autoComplete="name" />
        <Field label="Phone" name="phone" type="tel" defaultValue={customer.phone ?? ''} autoComplete="tel" />
        <Field label="Email" name="email" type="email" defaultValue={customer.email} readOnly />
        <Field label="Subject" name="subject" required />
        <label className="portal-field">
          <span>Message</span>
          <textarea name="message" required rows={6} />
        </label>
        <AttachmentInput
          onChange={(ids, busy) => {
            setAttachmentIds(ids);
            setUploading(busy);
          }}
        />
        <Honeypot />
      </ActionForm>
    </section>
  );
}

function Conversation({ request }: { request: RequestDetail }) {
  return (
    <ol className="portal-messages" data-testid="portal-messages">
      {request.messages.map((message) => (
        <li key={message.id} className={message.authorType === 'customer' ? 'from-customer' : 'from-staff'}>
          <div className="portal-meta">
            <strong>{message.authorType === 'customer' ? 'You' : message.authorName}</strong> · {formatDate(message.createdAt)}
          </div>
          <div className="portal-body">{message.body}</div>
          {message.attachments.length > 0 && (
            <ul className="portal-files">
              {message.attachments.map((file) => (
                <li key={file.id}>
                  <a href={`/api/portal/v1/attachments/${file.id}`}>{file.filename}</a> ({formatBytes(file.size)})
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}

function ReplyBox({ number, onDone }: { number: number; onDone: (request: RequestDetail) => void }) {
  const [attachmentIds, setAttachmentIds] = useState<string[]>([]);
  const [key, setKey] = useState(0);
  return (
    <ActionForm
      key={key}
      submitLabel="Send reply"
      testId="portal-reply"
      onSubmit={async (data) => {
        const updated = await unwrap(portalApi.POST('/requests/{number}/messages', { params: { path: { number } }, body: { body: text(data, 'body'), attachmentIds } }));
        setKey(key + 1);
        setAttachmentIds([]);
        onDone(updated);
      }}
    >
      <label className="portal-field">
        <span>Your reply</span>
        <textarea name="body" required rows={4} />
      </label>
      <AttachmentInput onChange={(ids) => setAttachmentIds(ids)} />
    </ActionForm>
  );
}

function AcceptanceBox({ number, onDone }: { number: number; onDone: (request: RequestDetail) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const answer = async (accepted: boolean) => {
    setError(null);
    try {
      const path = accepted ? '/requests/{number}/accept' : '/requests/{number}/reject';
      onDone(await unwrap(portalApi.POST(path, { params: { path: { number } }, body: { comment: comment || undefined } })));
    } catch (caught) {
      setError(errorText(caught));
    }
  };
  return (
    <section className="portal-card portal-callout" data-testid="portal-acceptance">
      <h3>Does our answer solve it?</h3>
      <label className="portal-field">
        <span>Comment (optional)</span>
        <textarea value={comment} rows={2} onChange={(event) => setComment(event.currentTarget.value)} />
      </label>
      {error && <p className="portal-error">{error}</p>}
      <div className="portal-row">
        <button type="button" className="portal-primary" onClick={() => void answer(true)}>
          Accept
        </button>
        <button type="button" onClick={() => void answer(false)}>
          Reject
        </button>
      </div>
    </section>
  );
}

function RatingBox({ request, onDone }: { request: RequestDetail; onDone: (request: RequestDetail) => void }) {
  const [rating, setRating] = useState(0);
  if (request.feedback) {
    return (
      <section className="portal-card" data-testid="portal-rating">
        <h3>Your rating</h3>
        <p>
          {'★'.repeat(request.feedback.rating)}
          {'☆'.repeat(5 - request.feedback.rating)} {request.feedback.comment}
        </p>
      </section>
    );
  }
  return (
    <section className="portal-card" data-testid="portal-rating">
      <h3>How did we do?</h3>
      <ActionForm
        submitLabel="Send rating"
        onSubmit={async (data) => {
          if (!rating) throw new Error('Choose 1 to 5 stars');
          onDone(await unwrap(portalApi.POST('/requests/{number}/rating', { params: { path: { number: request.number } }, body: { rating, comment: text(data, 'comment') } })));
        }}
      >
        <div className="portal-stars" role="radiogroup" aria-label="Rating">
          {[1, 2, 3, 4, 5].map((value) => (
            <button key={value} type="button" role="radio" aria-checked={rating === value} aria-label={`${value} of 5`} onClick={() => setRating(value)}>
              {value <= rating ? '★' : '☆'}
            </button>
          ))}
        </div>
        <label className="portal-field">
          <span>Comment</span>
          <textarea name="comment" rows={2} />
        </label>
      </ActionForm>
    </section>
  );
}

export function RequestPage({ number }: { number: number }) {
  const request = useLoad(() => unwrap(portalApi.GET('/requests/{number}', { params: { path: { number } } })), [number]);
  if (request.error) return <p className="portal-error">{request.error}</p>;
  if (!request.data) return <p>Loading…</p>;
  const data = request.data;
  const open = data.state !== 'completed' && data.state !== 'cancelled';
  return (
    <>
      <section className="portal-card">
        <h2 data-testid="portal-request-title">
          #{data.number} {data.subject}
        </h2>
        <dl className="portal-facts">
          <dt>Status</dt>
          <dd data-testid="portal-request-status">{data.status}</dd>
          <dt>Department</dt>
          <dd>{data.department ?? '—'}</dd>
          <dt>Opened</dt>
          <dd>{formatDate(data.createdAt)}</dd>
          <dt>Opened by</dt>
          <dd>{data.openedBy === 'customer' ? 'You' : 'Our team'}</dd>
          <dt>Last action</dt>
          <dd>{lastAction(data)}</dd>
          {data.completedAt && (
            <>
              <dt>Completed</dt>
              <dd>{formatDate(data.completedAt)}</dd>
            </>
          )}
        </dl>
      </section>
      {data.acceptance === 'awaiting' && open && <AcceptanceBox number={number} onDone={request.setData} />}
      <section className="portal-card">
        <h3>Conversation</h3>
        <Conversation request={data} />
        {open && <ReplyBox number={number} onDone={request.setData} />}
      </section>
      {data.state === 'completed' && <RatingBox request={data} onDone={request.setData} />}
    </>
  );
}
