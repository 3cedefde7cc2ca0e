/** `rubric migrate`: placeholder while the command is being built this session (replaced by its real module). */
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';

export const MIGRATE_HELP = 'Usage: rubric migrate (being built)';

/** Placeholder: refuses until the real command lands. */
export async function migrateCommand(_args: string[], _io: Io): Promise<number> {
  throw new UsageError('rubric migrate is not available yet');
}
