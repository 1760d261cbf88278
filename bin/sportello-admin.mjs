#!/usr/bin/env node
// Admin commands for a Comune's IT person: see `sportello-admin help`.
import { register } from 'tsx/esm/api';

register();
await import('../electron/admin/cli.ts');
