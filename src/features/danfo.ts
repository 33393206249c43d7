import { createRequire } from 'node:module';
import { ConfigError } from '../errors.js';

type Danfo = typeof import('danfojs-node');

let loaded: Danfo | undefined;

/**
 * danfojs-node, loaded the first time a profile is built. Scoring, the worker
 * and the library never need it, and installing it pulls packages from outside
 * the npm registry, so it is an optional peer dependency: a project that only
 * scores does without it, and one that builds profiles is told what to install.
 */
export function danfo(): Danfo {
  if (loaded) return loaded;
  try {
    loaded = createRequire(import.meta.url)('danfojs-node') as Danfo;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw e;
    throw new ConfigError(
      'DANFOJS_MISSING',
      'building a profile needs danfojs-node, which is not installed',
      {},
      'npm install danfojs-node (see docs/library.md for the overrides it needs)',
    );
  }
  return loaded;
}
