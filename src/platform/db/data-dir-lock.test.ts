import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from './data-dir-lock.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patron-lock-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the data directory lock', () => {
  it('refuses a second holder while the first process is alive, naming its pid', async () => {
    const dir = tempDir();
    // A real second process holds the lock, as a running server would.
    const holder = spawn(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(path.join(dir, 'patron.lock'))}, String(process.pid)); setTimeout(() => {}, 20000)`]);
    // Wait until the holder has written its lock (a busy machine can take a while to start node).
    const lockFile = path.join(dir, 'patron.lock');
    for (let waited = 0; !fs.existsSync(lockFile) || fs.readFileSync(lockFile, 'utf8') === ''; waited += 50) {
      if (waited > 15_000) throw new Error('the holder process never wrote its lock');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    try {
      expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
      expect(() => lockDataDir(dir)).toThrow(new RegExp(`pid ${holder.pid}`));
    } finally {
      holder.kill();
    }
  });

  it('takes over a lock left by a process that died', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'patron.lock'), '999999');
    const release = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'patron.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, 'patron.lock'))).toBe(false);
  });
});
