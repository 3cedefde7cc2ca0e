/** `rubric import`: placeholder while the command is being built this session (replaced by its real module). */
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';

export const IMPORT_HELP = 'Usage: rubric import (being built)';

/** Placeholder: refuses until the real command lands. */
export async function importCommand(_args: string[], _io: Io): Promise<number> {
  throw new UsageError('rubric import is not available yet');
}
