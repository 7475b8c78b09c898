#!/usr/bin/env node
// The `proget-deploy` executable. Everything is in main.ts: `main()` for tests with their own environment and
// streams, `run()` for this process.
import { run } from './main.js';

await run();
