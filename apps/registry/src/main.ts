#!/usr/bin/env node
/**
 * `node dist/main.js [--config file.json]`: runs the registry until SIGTERM or
 * SIGINT. Settings come from the config file and RUBRIC_REGISTRY_* variables
 * (see config.ts).
 */
import { renderPage } from '@rubric/render';
import { ConfigError } from './config.js';
import { startRegistry } from './server.js';

function configArg(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--config') return argv[i + 1];
    if (arg.startsWith('--config=')) return arg.slice('--config='.length);
  }
  return undefined;
}

try {
  const file = configArg(process.argv.slice(2));
  // The logger announces the URL; stdout carries JSON log lines only.
  // guideline.html is the page the catalog and the VS Code preview show, with the version's own nonce.
  await startRegistry({ ...(file !== undefined ? { file } : {}), handleSignals: true, render: (set, { nonce }) => renderPage(set, { nonce }) });
} catch (error) {
  process.stderr.write(`rubric registry: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
