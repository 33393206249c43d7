import { TargetingError } from '../errors.js';

const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory, expected a file',
  ENOTDIR: 'not a directory',
};

/**
 * Errors a user can act on (a TargetingError, a file that cannot be opened) are printed as one line;
 * anything else is a bug and keeps its stack.
 */
export function reportFailure(e: unknown): void {
  const file = fileProblem(e);
  if (e instanceof TargetingError) process.stderr.write(`error: ${e.message}\n`);
  else if (file) process.stderr.write(`error: ${file}\n`);
  else process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = process.exitCode && process.exitCode !== 0 ? process.exitCode : 1;
}

function fileProblem(e: unknown): string | undefined {
  const err = e as NodeJS.ErrnoException | undefined;
  const problem = err?.code ? FILE_PROBLEMS[err.code] : undefined;
  return problem && err?.path ? `${err.path}: ${problem}` : undefined;
}

/**
 * `targeting score … | head` closes the pipe early: stop quietly instead of dying on EPIPE. A file-open error
 * raised on a stream after start-up reaches here too, and is reported like any other.
 */
export function quietOnClosedPipe(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  process.on('uncaughtException', (e) => {
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
    reportFailure(e);
    process.exit(process.exitCode);
  });
}
