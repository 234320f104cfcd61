import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';

/** Content that went past the size limit while it was being received; nothing was kept. */
export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The content is larger than ${maxBytes} bytes`);
  }
}

/** Bytes received into a temporary file, hashed and on disk, but not yet under their content name. */
export interface ReceivedBlob {
  sha256: string;
  size: number;
  tempPath: string;
}

/** Takes content piece by piece (an upload, a backup's chunks), hashing and counting as it goes. */
export interface BlobWriter {
  write(chunk: Uint8Array): Promise<void>;
  /** Flushes the file to disk (fsync) and returns its hash; the file is still temporary. */
  finish(): Promise<ReceivedBlob>;
  /** Throws the bytes away. */
  abort(): Promise<void>;
}

const hexHash = /^[0-9a-f]{64}$/;
const tempSuffix = '.part';

export function isSha256(value: string): boolean {
  return hexHash.test(value);
}

/**
 * A content-addressed store on local disk: `<root>/<first two hex digits>/<sha256>`. Files are
 * written under `<root>/tmp`, fsynced, then renamed into place, so a name always holds complete
 * content, and identical content is kept once. Several app nodes need `root` on a shared disk.
 */
export class LocalBlobStore {
  readonly tempDir: string;
  /** Folders made once by this process (every write would otherwise ask the disk again). */
  private readonly madeFolders = new Map<string, Promise<unknown>>();

  constructor(readonly root: string) {
    this.tempDir = path.join(root, 'tmp');
  }

  pathOf(sha256: string): string {
    if (!isSha256(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  private async makeFolder(folder: string): Promise<void> {
    let made = this.madeFolders.get(folder);
    if (!made) {
      made = fs.promises.mkdir(folder, { recursive: true });
      this.madeFolders.set(folder, made);
      // A failure is not remembered: the next write tries again.
      made.catch(() => this.madeFolders.delete(folder));
    }
    await made;
  }

  /** Runs a step that needs `folder`, making it again if it went away since (a cleared data dir). */
  private async inFolder<T>(folder: string, step: () => Promise<T>): Promise<T> {
    await this.makeFolder(folder);
    try {
      return await step();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.madeFolders.delete(folder);
      await this.makeFolder(folder);
      return step();
    }
  }

  async createWriter(maxBytes = Number.POSITIVE_INFINITY): Promise<BlobWriter> {
    const tempPath = path.join(this.tempDir, `${randomUUID()}${tempSuffix}`);
    const file = await this.inFolder(this.tempDir, () => fs.promises.open(tempPath, 'wx', 0o640));
    const hash = createHash('sha256');
    let size = 0;
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await file.close();
    };
    const abort = async () => {
      await close().catch(() => undefined);
      await fs.promises.rm(tempPath, { force: true });
    };
    return {
      write: async (chunk) => {
        size += chunk.byteLength;
        if (size > maxBytes) {
          await abort();
          throw new BlobTooLargeError(maxBytes);
        }
        hash.update(chunk);
        await file.write(chunk);
      },
      finish: async () => {
        await file.sync();
        await close();
        return { sha256: hash.digest('hex'), size, tempPath };
      },
      abort,
    };
  }

  /** Reads a whole stream into a temporary file; past `maxBytes` it stops and keeps nothing. */
  async receive(source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, maxBytes?: number): Promise<ReceivedBlob> {
    const writer = await this.createWriter(maxBytes);
    try {
      for await (const chunk of source) await writer.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      return await writer.finish();
    } catch (error) {
      await writer.abort();
      throw error;
    }
  }

  /**
   * Moves received content to its name. When the name exists the content is already stored
   * (same hash), and the copy is dropped. Returns whether this call stored new content.
   */
  async place(received: ReceivedBlob): Promise<boolean> {
    const target = this.pathOf(received.sha256);
    if (await this.has(received.sha256)) {
      await this.discard(received);
      return false;
    }
    await this.inFolder(path.dirname(target), () => fs.promises.rename(received.tempPath, target));
    await syncDirectory(path.dirname(target));
    return true;
  }

  async discard(received: ReceivedBlob): Promise<void> {
    await fs.promises.rm(received.tempPath, { force: true });
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await fs.promises.access(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }

  /** The content as a stream (in pieces of `chunkBytes`); undefined when it is not stored. */
  async open(sha256: string, chunkBytes?: number): Promise<Readable | undefined> {
    try {
      const handle = await fs.promises.open(this.pathOf(sha256), 'r');
      return handle.createReadStream(chunkBytes ? { highWaterMark: chunkBytes } : {});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async remove(sha256: string): Promise<void> {
    await fs.promises.rm(this.pathOf(sha256), { force: true });
  }

  /** The two-hex-digit folders that hold content ("00" to "ff"). */
  static prefixes(): string[] {
    return Array.from({ length: 256 }, (_, index) => index.toString(16).padStart(2, '0'));
  }

  /** Stored content under one prefix folder, with each file's last change. */
  async list(prefix: string): Promise<{ sha256: string; modifiedAt: Date }[]> {
    const folder = path.join(this.root, prefix);
    let names: string[];
    try {
      names = await fs.promises.readdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const found: { sha256: string; modifiedAt: Date }[] = [];
    for (const name of names) {
      if (!isSha256(name)) continue;
      const stat = await fs.promises.stat(path.join(folder, name)).catch(() => undefined);
      if (stat?.isFile()) found.push({ sha256: name, modifiedAt: stat.mtime });
    }
    return found;
  }

  /** Deletes temporary files older than `before` (left by a crash mid-upload). */
  async removeStaleTemporaryFiles(before: Date): Promise<number> {
    let names: string[];
    try {
      names = await fs.promises.readdir(this.tempDir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      if (!name.endsWith(tempSuffix)) continue;
      const file = path.join(this.tempDir, name);
      const stat = await fs.promises.stat(file).catch(() => undefined);
      if (stat && stat.mtime < before) {
        await fs.promises.rm(file, { force: true });
        removed += 1;
      }
    }
    return removed;
  }
}

/** Makes a rename durable: the directory entry itself is flushed. */
async function syncDirectory(directory: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(directory, 'r');
    await handle.sync();
  } catch {
    // Some filesystems cannot fsync a directory; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}

const stores = new Map<string, LocalBlobStore>();

/** The store for a directory; one object per directory and process. */
export function blobStoreAt(root: string): LocalBlobStore {
  const resolved = path.resolve(root);
  let store = stores.get(resolved);
  if (!store) {
    store = new LocalBlobStore(resolved);
    stores.set(resolved, store);
  }
  return store;
}
