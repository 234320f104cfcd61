import type { Config } from '../config.js';
import { writeBackup, restoreBackup } from '../platform/db/backup.js';
import { openConfiguredDatabase } from '../platform/runtime.js';
import { attachmentStore } from '../platform/attachments/attachments.service.js';

/** `patron backup <file>` and `patron restore <file>`, on whichever database is configured. */
export async function runBackupCommand(config: Config, command: 'backup' | 'restore', args: string[]): Promise<void> {
  const file = args[0];
  if (!file) throw new Error(`Usage: patron ${command} <file>`);
  const handle = await openConfiguredDatabase(config);
  const progress = (message: string) => console.log(`  ${message}`);
  // Attachment content travels in the same file as the rows (ATTACHMENTS_DIR).
  const attachments = attachmentStore(config);
  try {
    if (command === 'backup') {
      const result = await writeBackup(handle, file, progress, { attachments });
      console.log(`Backed up ${result.rows} rows from ${result.tables} tables (${handle.driver}) to ${file}.`);
    } else {
      const result = await restoreBackup(handle, file, progress, { attachments });
      console.log(`Restored ${result.rows} rows into ${result.tables} tables (${handle.driver}) from ${file}.`);
    }
  } finally {
    await handle.close();
  }
}
