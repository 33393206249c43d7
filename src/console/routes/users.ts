import { Router } from 'express';
import { CAN } from '../access.js';
import { allow, route, viewerOf, type ConsoleContext } from '../context.js';
import type { Role } from '../users.js';
import { usersPage } from '../views/users.js';
import { TargetingError } from '../../errors.js';

/** Admins list, add and remove users (the same file `targeting console user add` writes). */
export function userRoutes(ctx: ConsoleContext): Router {
  const r = Router();
  r.get('/users', allow(CAN.users), (_req, res) => {
    res.send(usersPage(viewerOf(res)!, ctx.users.list(), ctx.users.file));
  });
  r.post(
    '/users',
    allow(CAN.users),
    route(async (req, res) => {
      const viewer = viewerOf(res)!;
      const b = (req.body ?? {}) as Record<string, string | undefined>;
      const offices = (b.offices ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean);
      try {
        const user = await ctx.users.add((b.name ?? '').trim(), b.role as Role, offices, b.password ?? '');
        await ctx.audit.append({
          event: 'user',
          user: viewer.user.name,
          role: viewer.user.role,
          detail: { added: user.name, as: user.role, offices },
        });
        res.send(usersPage(viewer, ctx.users.list(), ctx.users.file, { kind: 'ok', text: `User ${user.name} saved.` }));
      } catch (e) {
        if (!(e instanceof TargetingError)) throw e;
        res.status(400).send(usersPage(viewer, ctx.users.list(), ctx.users.file, { kind: 'error', text: e.message }));
      }
    }),
  );
  r.post(
    '/users/:name/delete',
    allow(CAN.users),
    route(async (req, res) => {
      const viewer = viewerOf(res)!;
      const name = String(req.params.name);
      if (name !== viewer.user.name && ctx.users.remove(name))
        await ctx.audit.append({
          event: 'user',
          user: viewer.user.name,
          role: viewer.user.role,
          detail: { removed: name },
        });
      res.redirect(303, '/users');
    }),
  );
  return r;
}
