import { randomBytes } from 'node:crypto';
import { count } from 'drizzle-orm';
import { systemActor } from './actor.js';
import { AppError } from './errors.js';
import { contextFor, type Runtime } from './context.js';
import { modules } from '../modules/registry.js';
import { createUser } from '../modules/access/index.js';
import { users } from '../modules/access/access.tables.js';
import { seedDemoWorkspace } from '../modules/seed-demo.js';

/** Per-process start-up: every module syncs what it defines in code (built-in rights, ...). */
export async function startModules(runtime: Runtime): Promise<void> {
  for (const module of modules) await module.onStart?.(runtime);
}

export interface FirstRunResult {
  adminEmail: string;
  /** Set only when Patron chose the password itself; print it once. */
  generatedPassword?: string;
}

/** On an empty database: create the first admin and, unless turned off, the demo workspace. */
export async function prepareFirstRun(runtime: Runtime): Promise<FirstRunResult | undefined> {
  const [row] = await runtime.db.select({ total: count() }).from(users);
  if ((row?.total ?? 0) > 0) return undefined;
  const ctx = contextFor(runtime, systemActor('first-run'));
  const adminEmail = (runtime.config.ADMIN_EMAIL ?? 'admin@example.com').toLowerCase();
  const generatedPassword = runtime.config.ADMIN_PASSWORD ? undefined : randomBytes(12).toString('base64url');
  try {
    await createUser(ctx, {
      email: adminEmail,
      name: 'Administrator',
      password: runtime.config.ADMIN_PASSWORD ?? generatedPassword,
      isAdmin: true,
      groupIds: [],
      unitIds: [],
      rightKeys: [],
    });
  } catch (error) {
    // Several nodes starting on one new database race here; the one that created the admin seeds.
    if (error instanceof AppError && error.code === 'conflict') return undefined;
    throw error;
  }
  if (runtime.config.SEED_DEMO) await seedDemoWorkspace(runtime);
  return { adminEmail, generatedPassword };
}
