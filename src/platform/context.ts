import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Actor } from './actor.js';
import type { Clock } from './clock.js';
import type { Database, Driver } from './db/client.js';
import type { MailTransport } from './mail/transport.js';

/** What every service call gets besides its input: never the HTTP request. */
export interface ServiceContext {
  db: Database;
  driver: Driver;
  actor: Actor;
  clock: Clock;
  config: Config;
  logger: Logger;
  mail: MailTransport;
  requestId?: string;
}

/** The parts of a context that don't depend on who is asking; the app holds one of these. */
export type Runtime = Omit<ServiceContext, 'actor' | 'requestId'>;

export function contextFor(runtime: Runtime, actor: Actor, requestId?: string): ServiceContext {
  return { ...runtime, actor, requestId };
}
