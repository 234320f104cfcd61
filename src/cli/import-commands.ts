import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { systemActor } from '../platform/actor.js';
import { startModules } from '../platform/bootstrap.js';
import { contextFor } from '../platform/context.js';
import { createRuntime, openConfiguredDatabase } from '../platform/runtime.js';
import { commitImport, createImport, runImport } from '../modules/customers/import.service.js';
import type { ImportKey, ImportKind } from '../modules/customers/import.tables.js';
import type { IdentifierKind } from '../modules/customers/customers.tables.js';

const kinds: Record<string, ImportKind> = { contacts: 'contact', companies: 'company', accounts: 'account' };

/** `patron import contacts|companies|accounts <file> [--key K] [--identifier-kind K]`: imports with the suggested mapping, printing progress. */
export async function runImportCommand(config: Config, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { key: { type: 'string' }, 'identifier-kind': { type: 'string' }, 'batch-size': { type: 'string' } } });
  const kind = kinds[positionals[0] ?? ''];
  const file = positionals[1];
  if (!kind || !file) throw new Error('Usage: patron import contacts|companies|accounts <file.csv|file.xlsx> [--key email|identifier|accountNumber|vatNumber|id] [--identifier-kind id_number|passport|social_security|vat_number]');
  const handle = await openConfiguredDatabase(config);
  const runtime = createRuntime(config, handle);
  const ctx = contextFor(runtime, systemActor('cli'));
  try {
    await startModules(runtime);
    const created = await createImport(
      ctx,
      { kind, fileName: path.basename(file), key: values.key as ImportKey | undefined, identifierKind: values['identifier-kind'] as IdentifierKind | undefined },
      fs.createReadStream(file),
    );
    console.log(`Import ${created.id}: ${created.format.toUpperCase()}, ${created.encoding}, matching on ${created.key}`);
    created.headers.forEach((header, index) => console.log(`  ${header} -> ${created.mapping[index] ?? '(ignored)'}`));
    await commitImport(ctx, created.id);
    const finished = await runImport(runtime, created.id, {
      batchSize: values['batch-size'] ? Number(values['batch-size']) : undefined,
      onProgress: (progress) => {
        const percent = progress.totalRows ? Math.floor((progress.committedRows / progress.totalRows) * 100) : 0;
        console.log(`  ${progress.committedRows}/${progress.totalRows ?? '?'} rows (${percent}%): ${progress.createdCount} created, ${progress.updatedCount} updated, ${progress.errorCount} errors`);
      },
    });
    console.log(`Done: ${finished.createdCount} created, ${finished.updatedCount} updated, ${finished.errorCount} rows refused.`);
    if (finished.errorCount) console.log(`Error report: GET /api/v1/customer-imports/${created.id}/errors.csv`);
  } finally {
    await handle.close();
  }
}
