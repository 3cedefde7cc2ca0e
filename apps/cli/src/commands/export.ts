/** `rubric export`: placeholder while the command is being built this session (replaced by its real module). */
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';

export const EXPORT_HELP = 'Usage: rubric export (being built)';

/** Placeholder: refuses until the real command lands. */
export async function exportCommand(_args: string[], _io: Io): Promise<number> {
  throw new UsageError('rubric export is not available yet');
}
