/** Types of scripts/label-studio.mjs, for the TypeScript tests that import it. */

/** The Label Studio release Rubric is tested against. */
export const LABEL_STUDIO_VERSION: string;
/** Where the virtual environment is kept (.cache/label-studio, or RUBRIC_LABEL_STUDIO_HOME). */
export function labelStudioHome(): string;
/** The virtual environment of the pinned version. */
export function venvDir(): string;
/** True when the cached virtual environment is complete and matches the pins. */
export function isInstalled(): boolean;
/** Installs label-studio into the cached virtual environment unless it is there; resolves to its `label-studio` executable. */
export function ensureLabelStudio(options?: { log?: (line: string) => void }): Promise<string>;
/** Where the migrated empty database is kept. */
export function templateDir(): string;
/** Makes the migrated empty database once; resolves to its file. */
export function ensureTemplate(options?: { log?: (line: string) => void }): Promise<string>;
/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number>;

/** A running Label Studio. */
export interface StartedLabelStudio {
  url: string;
  port: number;
  /** The admin's legacy API token. */
  token: string;
  username: string;
  password: string;
  dataDir: string;
  logFile: string;
  version: string;
  startedInMs: number;
  pid: number;
  stop(options?: { keep?: boolean }): Promise<void>;
}

/** Starts Label Studio on 127.0.0.1 with a fresh data folder, an admin user and a legacy token. */
export function startLabelStudio(options?: { port?: number; dataDir?: string; username?: string; password?: string; token?: string; log?: (line: string) => void }): Promise<StartedLabelStudio>;
