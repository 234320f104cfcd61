/** The portable backup format (see docs/adr/0001-logical-backups.md). Pure helpers, no I/O. */
export const backupFormat = 'patron-backup';
/** 2 added attachment content lines; version 1 files (rows only) still restore. */
export const backupFormatVersion = 2;

/**
 * First line of a backup file. `migrations` are the hashes recorded in
 * `drizzle.__drizzle_migrations` of the database the backup came from, oldest first.
 */
export interface BackupHeader {
  format: typeof backupFormat;
  version: number;
  createdAt: string;
  migrationCount: number;
  migrations: string[];
  driver: string;
  tables: string[];
}

/** Last line of a backup file: without it the file was cut short. */
export interface BackupTrailer {
  end: true;
  rows: Record<string, number>;
  sequences: { name: string; lastValue: string | null }[];
  /** Attachment content in the file (version 2), and hashes whose content the store had lost. */
  contents?: { count: number; bytes: number; missing: string[] };
}

export class BackupError extends Error {}

/**
 * Checks a header against this Patron (`codeMigrationCount`: migration files it ships) and the
 * target database (`appliedMigrations`: hashes in its `drizzle.__drizzle_migrations`, oldest first).
 */
export function parseBackupHeader(line: string | undefined, target: { codeMigrationCount: number; appliedMigrations: readonly string[] }): BackupHeader {
  let header: Partial<BackupHeader>;
  try {
    header = JSON.parse(line ?? '') as Partial<BackupHeader>;
  } catch {
    throw new BackupError('This file is not a Patron backup (its first line is not a backup header).');
  }
  if (header === null || typeof header !== 'object' || header.format !== backupFormat) throw new BackupError('This file is not a Patron backup.');
  if (typeof header.version !== 'number' || header.version < 1 || header.version > backupFormatVersion) {
    throw new BackupError(`This backup has format version ${header.version}; this Patron reads versions 1 to ${backupFormatVersion}.`);
  }
  if (typeof header.migrationCount !== 'number' || !Array.isArray(header.tables) || !Array.isArray(header.migrations)) {
    throw new BackupError('The backup header is incomplete.');
  }
  if (header.migrationCount > target.codeMigrationCount) {
    throw new BackupError(`The backup comes from a newer Patron (${header.migrationCount} migrations; this one has ${target.codeMigrationCount}). Upgrade Patron first.`);
  }
  const foreign = header.migrations.findIndex((hash, index) => target.appliedMigrations[index] !== hash);
  if (foreign !== -1) {
    throw new BackupError(
      `The backup's migration #${foreign + 1} is not the one applied to this database: the backup's tables have a different shape, so it cannot be restored here.`,
    );
  }
  return header as BackupHeader;
}

export function parseBackupTrailer(value: unknown): BackupTrailer | undefined {
  if (value === null || typeof value !== 'object' || (value as { end?: unknown }).end !== true) return undefined;
  const trailer = value as Partial<BackupTrailer>;
  if (typeof trailer.rows !== 'object' || trailer.rows === null || !Array.isArray(trailer.sequences)) throw new BackupError('The backup trailer is malformed.');
  return trailer as BackupTrailer;
}

/**
 * One line of rows. Rows stay as the database's own JSON text (never parsed into JS numbers), so
 * bigint and numeric values survive exactly.
 */
export function formatRowsLine(table: string, rowTexts: readonly string[]): string {
  return `{"table":${JSON.stringify(table)},"rows":[${rowTexts.join(',')}]}`;
}

const rowsLine = /^\{"table":("(?:[^"\\]|\\.)*"),"rows":(\[[\s\S]*\])\}$/;

/** The table and the rows' JSON text of a rows line, or undefined for any other line. */
export function parseRowsLine(line: string): { table: string; rowsJson: string } | undefined {
  const match = rowsLine.exec(line);
  if (!match) return undefined;
  return { table: JSON.parse(match[1]!) as string, rowsJson: match[2]! };
}

/**
 * One piece of an attachment's content: base64 of up to a few hundred KiB, numbered from 0; the
 * last piece says so, and a file with no bytes is one empty last piece.
 */
export interface ContentPart {
  sha256: string;
  part: number;
  last: boolean;
  data: string;
}

export function formatContentLine(part: ContentPart): string {
  return `{"content":"${part.sha256}","part":${part.part},"last":${part.last},"data":"${part.data}"}`;
}

const contentLine = /^\{"content":"([0-9a-f]{64})","part":(\d+),"last":(true|false),"data":"([A-Za-z0-9+/]*={0,2})"\}$/;

/** The content part on a line, or undefined for any other line. */
export function parseContentLine(line: string): ContentPart | undefined {
  const match = contentLine.exec(line);
  if (!match) return undefined;
  return { sha256: match[1]!, part: Number(match[2]), last: match[3] === 'true', data: match[4]! };
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
