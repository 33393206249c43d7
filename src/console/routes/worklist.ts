import { Router, type Request } from 'express';
import { CAN, officesOf, traderRedactor } from '../access.js';
import { allow, route, viewerOf, type ConsoleContext } from '../context.js';
import { STATUSES, type Status } from '../keys.js';
import { queryWorklist, type WorklistFilter } from '../worklist-query.js';
import { worklistPage } from '../views/worklist.js';

export const PAGE_SIZE = 200;
export const MAX_PAGE = 10_000;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filter a worklist URL asks for (pure): unknown values are ignored, not trusted. */
export function worklistFilter(
  q: Request['query'],
  today: string,
  offices: readonly string[] | undefined,
): WorklistFilter {
  const text = (k: string): string | undefined => {
    const v = q[k];
    return typeof v === 'string' && v.trim() !== '' && v.length <= 256 ? v.trim() : undefined;
  };
  const n = (k: string, fallback: number, max: number) => {
    const v = Number(text(k));
    return Number.isInteger(v) && v >= 0 ? Math.min(v, max) : fallback;
  };
  const day = text('day');
  const channel = text('channel');
  const status = text('status');
  const selection = text('selection');
  return {
    day: day && DAY.test(day) ? day : today,
    sort: text('sort') === 'score' ? 'score' : 'time',
    ...(channel === 'red' || channel === 'yellow' ? { channel } : {}),
    ...(text('office') ? { office: text('office') } : {}),
    ...(text('rule') ? { rule: text('rule') } : {}),
    ...(selection && ['rule', 'capacity', 'random'].includes(selection) ? { selection } : {}),
    ...(status && (STATUSES as readonly string[]).includes(status) ? { status: status as Status } : {}),
    ...(offices ? { offices } : {}),
    offset: n('offset', 0, 10_000_000),
    limit: Math.max(1, n('limit', PAGE_SIZE, MAX_PAGE)),
  };
}

export function worklistRoutes(ctx: ConsoleContext): Router {
  const r = Router();
  r.get(
    '/',
    allow(() => true),
    (_req, res) => {
      res.redirect(303, CAN.worklist(viewerOf(res)!.user.role) ? '/worklist' : '/users');
    },
  );
  r.get(
    '/worklist',
    allow(CAN.worklist),
    route(async (req, res) => {
      const started = performance.now();
      const viewer = viewerOf(res)!;
      const offices = officesOf(viewer.user);
      const filter = worklistFilter(req.query, ctx.today(), offices);
      const [result, stats, days] = await Promise.all([
        queryWorklist(ctx.redis, ctx.keys, filter),
        ctx.redis.hkeys(ctx.keys.stats(filter.day)),
        ctx.redis.zrevrange(ctx.keys.days, 0, 59),
      ]);
      const seen = (p: string) =>
        stats
          .filter((f) => f.startsWith(p))
          .map((f) => f.slice(p.length))
          .sort();
      const sees = ctx.traderRoles.includes(viewer.user.role);
      const body = worklistPage(viewer, {
        filter,
        result,
        offices: offices ? [...offices] : seen('o:'),
        rules: seen('r:'),
        days: [...new Set([ctx.today(), filter.day, ...days])].sort().reverse(),
        redact: (row, t) => traderRedactor(row.traders ?? [], sees)(t),
      });
      // Redis reads and rendering, as the benchmark (bench/console-worklist.ts) reports it.
      res.setHeader('Server-Timing', `worklist;dur=${(performance.now() - started).toFixed(1)}`);
      res.send(body);
    }),
  );
  return r;
}
