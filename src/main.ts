import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { serve, type ServeRole } from './cli/serve.js';
import { runAdminCommand } from './cli/admin-commands.js';
import { runBackupCommand } from './cli/backup-commands.js';
import { runImportCommand } from './cli/import-commands.js';
import { runMailCommand } from './cli/mail-commands.js';

const usage = `Usage: patron <command> [options]

Commands:
  serve [--role web|worker|all]      run the HTTP server and/or the job worker (default: all)
  migrate                            apply database migrations and exit
  seed demo                          add the demo workspace (idempotent)
  user create --email E --password P [--name N] [--admin]
  token create --email E --name N [--scopes a,b,...]   prints the API token once
  backup <file>                      write a backup of the whole database
  restore <file>                     replace the database with a backup
  import contacts|companies|accounts <file> [--key K]   import a CSV or XLSX file, printing progress
  mail ingest [--recipient A] [--sender S] < message.eml
                                     take one inbound mail (exit 0 stored, 75 retry later)

Configuration comes from environment variables; see README.md.`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(usage);
    return;
  }
  const config = loadConfig();
  if (command === 'serve') {
    const { values } = parseArgs({ args: rest, options: { role: { type: 'string', default: 'all' } } });
    if (!['web', 'worker', 'all'].includes(values.role!)) throw new UsageError('--role must be web, worker or all');
    await serve(config, values.role as ServeRole);
    return;
  }
  if (command === 'backup' || command === 'restore') {
    await runBackupCommand(config, command, rest);
    return;
  }
  if (command === 'import') {
    await runImportCommand(config, rest);
    return;
  }
  if (command === 'mail') {
    process.exit(await runMailCommand(config, rest));
  }
  await runAdminCommand(config, command, rest);
}

export class UsageError extends Error {}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(64);
  }
  console.error(error instanceof Error ? error.message : error);
  // Database errors arrive wrapped ("Failed query: ..."); the driver's own message says why.
  const cause = (error as { cause?: { message?: string } }).cause;
  if (cause?.message) console.error(`Cause: ${cause.message}`);
  process.exit(1);
});
