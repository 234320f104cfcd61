import { buildApp } from '../app.js';
import type { Config } from '../config.js';
import { prepareFirstRun, startModules } from '../platform/bootstrap.js';
import { DataDirInUseError } from '../platform/db/data-dir-lock.js';
import { JobWorker } from '../platform/jobs/worker.js';
import { createLogger, createRuntime, openConfiguredDatabase } from '../platform/runtime.js';
import { startInboundSmtp } from '../modules/mail-in/index.js';

export type ServeRole = 'web' | 'worker' | 'all';

/** `patron serve`: migrate, prepare the first run, then serve HTTP and/or run the job worker. */
export async function serve(config: Config, role: ServeRole): Promise<void> {
  const logger = createLogger(config);
  let handle;
  try {
    handle = await openConfiguredDatabase(config);
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      console.error(error.message);
      process.exit(75);
    }
    throw error;
  }
  const runtime = createRuntime(config, handle, { logger });
  await startModules(runtime);
  const firstRun = await prepareFirstRun(runtime);
  if (firstRun?.generatedPassword) {
    console.log(
      `\n  First start: created the admin user ${firstRun.adminEmail} with password\n\n      ${firstRun.generatedPassword}\n\n  It is shown only this once. Sign in at ${config.publicUrl} and change it.\n`,
    );
  } else if (firstRun) {
    logger.info({ admin: firstRun.adminEmail }, 'first start: created the admin user from ADMIN_EMAIL / ADMIN_PASSWORD');
  }

  const worker = role === 'web' ? undefined : new JobWorker(runtime, { pollMs: config.WORKER_POLL_MS, concurrency: config.WORKER_CONCURRENCY });
  const app = role === 'worker' ? undefined : await buildApp(runtime, { serveWeb: true });
  worker?.start();
  if (app) await app.listen({ port: config.PORT, host: config.HOST });
  // Email in belongs to the nodes that face the network, like HTTP.
  const smtp =
    app && config.inboundSmtpPort !== null
      ? await startInboundSmtp(runtime, { port: config.inboundSmtpPort, host: config.INBOUND_SMTP_HOST ?? config.HOST }).catch((error: NodeJS.ErrnoException) => {
          // The development default may be taken by a second local node; a port the operator chose must work.
          if (config.INBOUND_SMTP_PORT === undefined && error.code === 'EADDRINUSE') {
            logger.warn({ port: config.inboundSmtpPort }, 'email-in SMTP port is in use; set INBOUND_SMTP_PORT to another port or off');
            return undefined;
          }
          throw error;
        })
      : undefined;
  logger.info({ role, database: handle.driver, location: handle.location, url: app ? config.publicUrl : undefined, inboundSmtpPort: smtp?.port }, 'Patron is running');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await smtp?.close();
    await app?.close();
    await worker?.stop();
    runtime.mail.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
