import { watch } from 'chokidar';
import type { Logger } from '../log.js';
import type { DeciderRef } from './decider-ref.js';
import type { DeciderBuild } from './load-decider.js';

export interface RuleSetWatcher {
  close(): Promise<void>;
}

/**
 * Where hot reload stands: `refused` while the files on disk do not load, with the rule set still serving and
 * since when the edit has been refused (a later refusal keeps the first time); cleared by the next good reload.
 */
export type ReloadStatus =
  { refused: false; serving: string } | { refused: true; serving: string; since: string; errors: string[] };

export interface WatchOptions {
  debounceMs?: number;
  /** Told after every reload attempt. */
  onReload?: (status: ReloadStatus) => void;
}

/**
 * Hot reload: when a rule file changes, the new rule set is validated and
 * compiled off to the side, then swapped in; jobs already running keep the
 * decider they started with. An invalid edit is logged with every validation
 * error and the previous rule set keeps serving.
 */
export function watchRuleSet(
  /** The rules directory, and the model file when there is one: a replaced model is validated like a rule edit. */
  rulesDir: string | string[],
  build: () => Promise<DeciderBuild>,
  ref: DeciderRef,
  logger: Logger,
  { debounceMs = 150, onReload }: WatchOptions = {},
): RuleSetWatcher {
  const watcher = watch(rulesDir, {
    ignoreInitial: true,
    // Rule files at the top, watchlists one level down; the archive is written by the worker itself.
    depth: 1,
    // Editors save by rename; wait until the file stops changing before reading it.
    awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 20 },
    ignored: (path, stats) =>
      /(^|[\\/])\.archive([\\/]|$)/.test(path) || Boolean(stats?.isFile() && !/\.(json|csv)$/.test(path)),
  });
  let timer: NodeJS.Timeout | undefined;
  let refusedSince: string | undefined;
  const refused = (errors: string[]) => {
    refusedSince ??= new Date().toISOString();
    onReload?.({ refused: true, serving: ref.current.rulesetId, since: refusedSince, errors });
  };

  const reload = async () => {
    timer = undefined;
    const current = ref.current.rulesetId;
    let built;
    try {
      built = await build();
    } catch (err) {
      logger.error({ err, ruleset: current }, 'rule set reload failed; previous rule set keeps serving');
      refused([(err as Error).message]);
      return;
    }
    if (!built.decider) {
      logger.error(
        { ruleset: current, errors: built.errors.map((e) => e.message) },
        `rule set edit refused (${built.errors.length} validation error(s)); previous rule set keeps serving`,
      );
      refused(built.errors.map((e) => e.message));
      return;
    }
    // Swapped even when the rule-set id is unchanged: a watchlist edit changes the decider, not the rules.
    ref.swap(built.decider);
    refusedSince = undefined;
    onReload?.({ refused: false, serving: built.decider.rulesetId });
    logger.info(
      { from: current, to: built.decider.rulesetId, watchlists: built.decider.watchlistsId },
      'rule set reloaded',
    );
  };
  watcher.on('all', () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void reload(), debounceMs);
  });
  watcher.on('error', (err) => logger.error({ err }, 'rule file watcher error'));

  return {
    async close() {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}
