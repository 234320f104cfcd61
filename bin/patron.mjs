#!/usr/bin/env node
// Entry point for `npx patron`: TypeScript sources run through tsx, so there is no separate build step.
import { register } from 'tsx/esm/api';
register();
await import('../src/main.ts');
