/** The process around a command, passed in so commands can run in tests without a real terminal. */

/** Where a command reads and writes. */
export interface Io {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout may get ANSI colours. */
  color: boolean;
}

/** The real process's io. */
export function processIo(): Io {
  const env = process.env;
  const color = env.NO_COLOR === undefined && (env.FORCE_COLOR !== undefined ? env.FORCE_COLOR !== '0' : process.stdout.isTTY === true);
  return {
    cwd: process.cwd(),
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    color,
  };
}
