import type { Queue } from 'bullmq';
import type { RedisClient } from './connection.js';

/** What ioredis keeps of a defined command (its Script's fields, private in its types). */
interface DefinedScript {
  lua: string;
  numberOfKeys: number | null;
}

/**
 * Gives `to` the BullMQ scripts named (without their `:version` suffix), as
 * BullMQ defined them on `from`, the connection of `queue`, once it is ready.
 * Every ioredis pipeline and MULTI copies each script its connection has onto
 * itself: with BullMQ's 64 loaded, the commit connection's two per commit cost
 * about 36 µs each, against 5 µs with the three it needs (the writers' lease
 * and adding a job).
 */
export async function copyBullmqScripts(
  queue: Queue,
  from: RedisClient,
  to: RedisClient,
  names: readonly string[],
): Promise<void> {
  await queue.waitUntilReady();
  const defined = (from as unknown as { scriptsSet: Record<string, DefinedScript> }).scriptsSet;
  for (const name of names) {
    const found = Object.entries(defined).find(([command]) => command.startsWith(`${name}:`));
    if (!found)
      throw new Error(`BullMQ defined no script ${name} on its connection: this BullMQ version is not supported`);
    const [command, script] = found;
    if (typeof (to as unknown as Record<string, unknown>)[command] !== 'function')
      to.defineCommand(command, { lua: script.lua, numberOfKeys: script.numberOfKeys ?? undefined });
  }
}
