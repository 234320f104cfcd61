import { systemActor } from '../platform/actor.js';
import { contextFor, type Runtime } from '../platform/context.js';
import { seedAccessDemo } from './access/index.js';
import { seedCareDemo } from './care/index.js';
import { seedCommunicationsDemo } from './communications/index.js';

/**
 * The demo workspace a first start shows: each module adds its part. Idempotent, so
 * `patron seed demo` can run again on a database that already has it.
 */
export async function seedDemoWorkspace(runtime: Runtime): Promise<void> {
  const ctx = contextFor(runtime, systemActor('seed'));
  await seedAccessDemo(ctx);
  await seedCareDemo(ctx);
  await seedCommunicationsDemo(ctx);
}
