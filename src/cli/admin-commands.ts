import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { systemActor } from '../platform/actor.js';
import { prepareFirstRun, startModules } from '../platform/bootstrap.js';
import { contextFor } from '../platform/context.js';
import { createRuntime, openConfiguredDatabase } from '../platform/runtime.js';
import { createApiTokenForUser, createUser } from '../modules/access/index.js';
import { seedDemoWorkspace } from '../modules/seed-demo.js';
import { seedScale } from '../modules/care/index.js';
import { AppError } from '../platform/errors.js';

/** One-shot commands: each opens the database, does its work and closes it. */
export async function runAdminCommand(config: Config, command: string, args: string[]): Promise<void> {
  const handle = await openConfiguredDatabase(config);
  const runtime = createRuntime(config, handle);
  const ctx = contextFor(runtime, systemActor('cli'));
  try {
    await startModules(runtime);
    switch (command) {
      case 'migrate':
        console.log(`Migrations applied (${handle.driver}, ${handle.location}).`);
        break;
      case 'seed': {
        if (args[0] === 'scale') {
          const { values } = parseArgs({ args: args.slice(1), options: { tickets: { type: 'string', default: '10000' }, messages: { type: 'string' } } });
          const tickets = Number(values.tickets);
          const messages = values.messages === undefined ? tickets * 5 : Number(values.messages);
          if (!Number.isInteger(tickets) || tickets < 0 || !Number.isInteger(messages) || messages < 0) throw new Error('Usage: patron seed scale --tickets N [--messages M]');
          const started = Date.now();
          const result = await seedScale(handle, { tickets, messages, progress: (message) => console.log(`  ${message}`) });
          console.log(`Seeded ${result.tickets} tickets and ${result.messages} messages in ${Math.round((Date.now() - started) / 1000)} s.`);
          break;
        }
        if (args[0] !== 'demo') throw new Error('Usage: patron seed demo | patron seed scale --tickets N [--messages M]');
        const firstRun = await prepareFirstRun(runtime);
        if (!firstRun || !config.SEED_DEMO) await seedDemoWorkspace(runtime);
        if (firstRun?.generatedPassword) console.log(`Created admin ${firstRun.adminEmail} with password ${firstRun.generatedPassword}`);
        console.log('Demo workspace is in place.');
        break;
      }
      case 'user': {
        const { values, positionals } = parseArgs({
          args,
          allowPositionals: true,
          options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, admin: { type: 'boolean', default: false } },
        });
        if (positionals[0] !== 'create' || !values.email || !values.password) throw new Error('Usage: patron user create --email E --password P [--name N] [--admin]');
        const user = await createUser(ctx, {
          email: values.email.toLowerCase(),
          name: values.name ?? values.email.split('@')[0]!,
          password: values.password,
          isAdmin: values.admin ?? false,
          groupIds: [],
          unitIds: [],
          rightKeys: [],
        });
        console.log(`Created user ${user.email} (${user.id})${user.isAdmin ? ' with admin rights' : ''}.`);
        break;
      }
      case 'token': {
        const { values, positionals } = parseArgs({
          args,
          allowPositionals: true,
          options: { email: { type: 'string' }, name: { type: 'string' }, scopes: { type: 'string' } },
        });
        if (positionals[0] !== 'create' || !values.email || !values.name) throw new Error('Usage: patron token create --email E --name N [--scopes a,b]');
        const scopes = values.scopes?.split(',').map((scope) => scope.trim()).filter(Boolean);
        const { token, apiToken } = await createApiTokenForUser(ctx, { email: values.email, name: values.name, scopes });
        console.log(`Created API token "${apiToken.name}" for ${values.email}${scopes ? ` with scopes ${scopes.join(', ')}` : ''}.`);
        console.log('It is shown only this once; store it now:');
        console.log(token);
        break;
      }
      default:
        throw new Error(`Unknown command "${command}". Run "patron help".`);
    }
  } catch (error) {
    if (error instanceof AppError) {
      const fields = error.details.errors?.map((e) => `\n  ${e.field}: ${e.message}`).join('') ?? '';
      throw new Error(`${error.message}${fields}`);
    }
    throw error;
  } finally {
    runtime.mail.close();
    await handle.close();
  }
}
