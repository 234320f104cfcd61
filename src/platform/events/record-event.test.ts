import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { systemActor } from '../actor.js';
import { jobs } from '../jobs/jobs.tables.js';
import { events } from './events.tables.js';
import { diffFields, recordEvent } from './record-event.js';
import { matchesPattern, subscribeToEvents } from './subscriptions.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
  subscribeToEvents('widget.*', 'test.widget-listener');
  subscribeToEvents('widget.created', 'test.widget-created');
});
afterAll(async () => {
  await test?.close();
});

const context = () => ({ actor: systemActor('test'), clock: test.clock, requestId: 'req-1' });

describe('events', () => {
  it('writes the event and one job per subscriber, carrying the event id', async () => {
    const id = await test.runtime.db.transaction((tx) => recordEvent(tx, context(), { recordType: 'widget', recordId: 'w1', action: 'widget.created', changes: { size: 3 } }));
    const [event] = await test.runtime.db.select().from(events).where(eq(events.id, id));
    expect(event).toMatchObject({ recordType: 'widget', recordId: 'w1', action: 'widget.created', changes: { size: 3 }, actorType: 'system', actorLabel: 'system:test', requestId: 'req-1' });
    const queued = await test.runtime.db.select().from(jobs).where(eq(jobs.status, 'pending'));
    const forEvent = queued.filter((job) => job.payload.eventId === id).map((job) => job.name).sort();
    expect(forEvent).toEqual(['test.widget-created', 'test.widget-listener']);
  });

  it('rolls back with the change: a failed transaction leaves neither event nor job', async () => {
    const before = (await test.runtime.db.select().from(events)).length;
    const jobsBefore = (await test.runtime.db.select().from(jobs)).length;
    await expect(
      test.runtime.db.transaction(async (tx) => {
        await recordEvent(tx, context(), { recordType: 'widget', recordId: 'w2', action: 'widget.created' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await test.runtime.db.select().from(events)).length).toBe(before);
    expect((await test.runtime.db.select().from(jobs)).length).toBe(jobsBefore);
  });

  it('an action with no subscriber queues no job', async () => {
    const jobsBefore = (await test.runtime.db.select().from(jobs)).length;
    await test.runtime.db.transaction((tx) => recordEvent(tx, context(), { recordType: 'gadget', recordId: 'g1', action: 'gadget.created' }));
    expect((await test.runtime.db.select().from(jobs)).length).toBe(jobsBefore);
  });
});

describe('event helpers', () => {
  it('matches exact actions, prefixes and everything', () => {
    expect(matchesPattern('widget.*', 'widget.created')).toBe(true);
    expect(matchesPattern('widget.*', 'widgets.created')).toBe(false);
    expect(matchesPattern('*', 'anything')).toBe(true);
    expect(matchesPattern('widget.created', 'widget.updated')).toBe(false);
  });
  it('diffs only changed, visible fields', () => {
    expect(diffFields({ a: 1, b: [1], c: 'x', secret: 1 }, { a: 1, b: [1, 2], c: 'y', secret: 2 }, ['secret'])).toEqual({ b: { from: [1], to: [1, 2] }, c: { from: 'x', to: 'y' } });
  });
});
