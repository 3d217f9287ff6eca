#!/usr/bin/env node
// Loads the TypeScript CLI in this process through tsx, so `npx nara ...` needs no build step
// and signals reach Nara directly.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
