import pino, { type Logger } from 'pino';
import type { Config } from '../config.js';
import { systemClock, type Clock } from './clock.js';
import type { Runtime } from './context.js';
import { openDatabase, runMigrations, type DatabaseHandle } from './db/client.js';
import { createMailTransport } from './mail/transport.js';

export function createLogger(config: Config): Logger {
  return pino({ level: config.LOG_LEVEL, base: { service: 'patron' } });
}

/** Opens the configured database (PGlite in DATA_DIR, or DATABASE_URL) and applies migrations. */
export async function openConfiguredDatabase(config: Config, options: { migrate?: boolean } = {}): Promise<DatabaseHandle> {
  const handle = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DATABASE_POOL_SIZE });
  if (options.migrate !== false) {
    try {
      await runMigrations(handle);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }
  return handle;
}

export function createRuntime(config: Config, handle: DatabaseHandle, options: { clock?: Clock; logger?: Logger } = {}): Runtime {
  return {
    db: handle.db,
    driver: handle.driver,
    clock: options.clock ?? systemClock,
    config,
    logger: options.logger ?? createLogger(config),
    mail: createMailTransport(config.SMTP_URL),
  };
}
