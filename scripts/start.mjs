#!/usr/bin/env node
/**
 * The main job, run by `npm start` after the build: the registry on
 * 127.0.0.1:8787 with the embedded SQLite store in .data/, every approved set
 * of guidelines/ published (quorum 0 for this local bootstrap, with the admin
 * token generated at the first start and kept in .data/admin-token), the
 * catalog URL and an example curl printed, serving until Ctrl-C.
 *
 * It is `rubric serve --publish-dir guidelines --data-dir .data`; extra
 * arguments are passed on, e.g. `npm start -- --port 8788`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'apps/cli/dist/index.js');
if (!existsSync(cli)) {
  process.stderr.write('rubric start: the CLI is not built; run `npm start` (it builds first) or `npx turbo run build`\n');
  process.exit(2);
}
const { run } = await import(pathToFileURL(cli).href);
const io = {
  cwd: root,
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  color: false,
};
const args = ['serve', '--publish-dir', join(root, 'guidelines'), '--data-dir', join(root, '.data'), ...process.argv.slice(2)];
process.exitCode = await run(args, io);
