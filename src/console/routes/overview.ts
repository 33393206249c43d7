import { Router } from 'express';
import { CAN } from '../access.js';
import { allow, route, viewerOf, type ConsoleContext } from '../context.js';
import { readDayOverview, readRecentDays, readRejected } from '../overview-data.js';
import { overviewPage } from '../views/overview.js';

const DAYS_SHOWN = 14;
const REJECTED_SHOWN = 50;

/** Channel shares, red rate against capacity, criterion performance, rejected inputs (analysts). */
export function overviewRoutes(ctx: ConsoleContext): Router {
  const r = Router();
  r.get(
    '/overview',
    allow(CAN.overview),
    route(async (req, res) => {
      const asked =
        typeof req.query.day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(req.query.day) ? req.query.day : undefined;
      const day = asked ?? ctx.today();
      const [today, days, rejected] = await Promise.all([
        readDayOverview(ctx.redis, ctx.keys, day),
        readRecentDays(ctx.redis, ctx.keys, DAYS_SHOWN),
        readRejected(ctx.redis, ctx.keys, REJECTED_SHOWN),
      ]);
      res.send(
        overviewPage(viewerOf(res)!, {
          today,
          days,
          ...(ctx.capacity !== undefined ? { capacity: ctx.capacity } : {}),
          rejected,
          allDays: [...new Set([ctx.today(), day, ...days.map((d) => d.day)])].sort().reverse(),
        }),
      );
    }),
  );
  return r;
}
