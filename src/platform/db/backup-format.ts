/** The portable backup format (see docs/adr/0001-logical-backups.md). Pure helpers, no I/O. */
export const backupFormat = 'patron-backup';
export const backupFormatVersion = 1;

export interface BackupHeader {
  format: typeof backupFormat;
  version: number;
  createdAt: string;
  migrationCount: number;
  driver: string;
  tables: string[];
}

export class BackupError extends Error {}

export function parseBackupHeader(line: string | undefined, codeMigrationCount: number): BackupHeader {
  let header: Partial<BackupHeader>;
  try {
    header = JSON.parse(line ?? '') as Partial<BackupHeader>;
  } catch {
    throw new BackupError('This file is not a Patron backup (its first line is not a backup header).');
  }
  if (header.format !== backupFormat) throw new BackupError('This file is not a Patron backup.');
  if (header.version !== backupFormatVersion) throw new BackupError(`This backup has format version ${header.version}; this Patron reads version ${backupFormatVersion}.`);
  if (typeof header.migrationCount !== 'number' || !Array.isArray(header.tables)) throw new BackupError('The backup header is incomplete.');
  if (header.migrationCount > codeMigrationCount) {
    throw new BackupError(`The backup comes from a newer Patron (${header.migrationCount} migrations; this one has ${codeMigrationCount}). Upgrade Patron first.`);
  }
  return header as BackupHeader;
}

/**
 * Orders tables so that every table comes after the tables it references (self-references
 * ignored), so rows can be inserted in that order with foreign keys checked.
 */
export function orderTablesByDependencies(tables: readonly string[], references: readonly { from: string; to: string }[]): string[] {
  const remaining = new Set(tables);
  const ordered: string[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining].filter((table) => !references.some((ref) => ref.from === table && ref.to !== table && remaining.has(ref.to))).sort();
    if (ready.length === 0) throw new BackupError(`Foreign keys form a cycle between: ${[...remaining].join(', ')}`);
    for (const table of ready) {
      ordered.push(table);
      remaining.delete(table);
    }
  }
  return ordered;
}
