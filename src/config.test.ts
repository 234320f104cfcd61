import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = parseConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATA_DIR).toBe('./data');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.secureCookies).toBe(false);
    expect(config.attachmentsDir).toBe('data/attachments');
    expect(config.ATTACHMENT_MAX_BYTES).toBe(25 * 1024 * 1024);
  });

  it('attachments live under DATA_DIR unless ATTACHMENTS_DIR says otherwise', () => {
    expect(parseConfig({ DATA_DIR: '/srv/patron' }).attachmentsDir).toBe('/srv/patron/attachments');
    expect(parseConfig({ DATA_DIR: '/srv/patron', ATTACHMENTS_DIR: '/mnt/files' }).attachmentsDir).toBe('/mnt/files');
    expect(() => parseConfig({ ATTACHMENT_MAX_BYTES: '0' })).toThrow(/ATTACHMENT_MAX_BYTES/);
  });

  it('lists every bad value, not just the first', () => {
    try {
      parseConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', ADMIN_PASSWORD: 'short' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'ADMIN_PASSWORD']) expect(problems).toContain(name);
    }
  });

  it('secure cookies follow an https PUBLIC_URL', () => {
    expect(parseConfig({ PUBLIC_URL: 'https://crm.example.com/' }).secureCookies).toBe(true);
    expect(parseConfig({ PUBLIC_URL: 'https://crm.example.com/' }).publicUrl).toBe('https://crm.example.com');
  });

  it('the email-in SMTP listener is on by default only in development', () => {
    expect(parseConfig({}).inboundSmtpPort).toBe(2525);
    expect(parseConfig({ NODE_ENV: 'production' }).inboundSmtpPort).toBeNull();
    expect(parseConfig({ NODE_ENV: 'test' }).inboundSmtpPort).toBeNull();
    expect(parseConfig({ NODE_ENV: 'production', INBOUND_SMTP_PORT: '25' }).inboundSmtpPort).toBe(25);
    expect(parseConfig({ INBOUND_SMTP_PORT: 'off' }).inboundSmtpPort).toBeNull();
    expect(() => parseConfig({ INBOUND_SMTP_PORT: 'seventy' })).toThrow(ConfigError);
  });

  it('the CLI exits non-zero and prints each problem for a bad environment', () => {
    const result = spawnSync(process.execPath, ['bin/patron.mjs', 'migrate'], {
      env: { ...process.env, PORT: 'eighty', WORKER_POLL_MS: 'often', DATABASE_URL: '' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).toContain('WORKER_POLL_MS');
  });
});
