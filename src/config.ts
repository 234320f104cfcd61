import path from 'node:path';
import { z } from 'zod';

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** Every environment variable Patron reads, with its default. Nothing else reads process.env. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  SEED_DEMO: boolean.default(true),
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 90).default(12),
  SECURE_COOKIES: boolean.optional(),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  LOGIN_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  PASSWORD_RESET_RATE_LIMIT: z.coerce.number().int().min(1).default(5),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).default('Patron <patron@localhost>'),
  /** Key for signed reply addresses and email links; unset, Patron keeps a generated one in the database. */
  SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  WORKER_POLL_MS: z.coerce.number().int().min(10).default(500),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  ATTACHMENTS_DIR: z.string().min(1).optional(),
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1).max(2 ** 40).default(25 * 1024 * 1024),
  /** Port of the built-in SMTP listener for email in; `off` (or unset in production and test) disables it. */
  INBOUND_SMTP_PORT: z.union([z.literal('off'), z.coerce.number().int().min(0).max(65535)]).optional(),
  INBOUND_SMTP_HOST: z.string().min(1).optional(),
  /** Largest message email-in takes; a larger one is quarantined (its headers are kept). */
  INBOUND_MAIL_MAX_BYTES: z.coerce.number().int().min(1024).max(2 ** 32).default(35 * 1024 * 1024),
});

export type Config = z.infer<typeof configSchema> & {
  publicUrl: string;
  secureCookies: boolean;
  attachmentsDir: string;
  /** The SMTP listener's port, or null when it is off. */
  inboundSmtpPort: number | null;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses an environment once; lists every bad value, not just the first. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const parsed = result.data;
  const publicUrl = (parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/$/, '');
  return {
    ...parsed,
    publicUrl,
    secureCookies: parsed.SECURE_COOKIES ?? publicUrl.startsWith('https://'),
    attachmentsDir: parsed.ATTACHMENTS_DIR ?? path.join(parsed.DATA_DIR, 'attachments'),
    // A production node listens for mail only when told to; a laptop gets it out of the box.
    inboundSmtpPort:
      parsed.INBOUND_SMTP_PORT === 'off' ? null : (parsed.INBOUND_SMTP_PORT ?? (parsed.NODE_ENV === 'development' ? 2525 : null)),
  };
}

let loaded: Config | undefined;

/** The process configuration; exits non-zero with every problem listed when the environment is bad. */
export function loadConfig(): Config {
  if (loaded) return loaded;
  try {
    loaded = parseConfig(process.env);
    return loaded;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
}
