import { Router, type Request, type Response } from 'express';
import { CAN, officesOf, traderRedactor, traderValues, visibleConsignment } from '../access.js';
import { checkAuditPosition } from '../audit-check.js';
import { allow, notFound, route, viewerOf, type ConsoleContext } from '../context.js';
import { mayAccess, readDeclaration, statusCommands, type StoredDeclaration } from '../declarations.js';
import { parseResult, recordResult } from '../results.js';
import { declarationPage, type DeclarationView } from '../views/declaration.js';
import type { Viewer } from '../views/layout.js';

const path = (id: string) => `/declarations/${encodeURIComponent(id)}`;

/** The declaration page (each view audited), starting an inspection, recording its result. */
export function declarationRoutes(ctx: ConsoleContext): Router {
  const r = Router();

  /** A handler of a declaration this viewer may see; otherwise a 404 that does not say whether it exists. */
  function onDeclaration(handle: (req: Request, res: Response, viewer: Viewer, d: StoredDeclaration) => Promise<void>) {
    return route(async (req, res) => {
      const viewer = viewerOf(res)!;
      const id = String(req.params.id);
      const d = id.length <= 256 ? await readDeclaration(ctx.redis, ctx.keys, id) : undefined;
      if (!d || !mayAccess(officesOf(viewer.user), d.consignment)) return notFound(res, viewer, `Declaration ${id}`);
      await handle(req, res, viewer, d);
    });
  }

  async function show(
    res: Response,
    viewer: Viewer,
    d: StoredDeclaration,
    status = 200,
    notice?: DeclarationView['notice'],
  ) {
    const sees = ctx.traderRoles.includes(viewer.user.role);
    const [explanation, audit] = await Promise.all([
      ctx.explain(d.decision, d.consignment),
      d.audit ? checkAuditPosition(ctx.redis, d.audit, d.decision, d.consignment) : undefined,
    ]);
    // Who looked at which declaration, before it is shown.
    await ctx.audit.append({ event: 'view', user: viewer.user.name, role: viewer.user.role, id: d.decision.id });
    res.status(status).send(
      declarationPage(viewer, {
        d,
        consignment: visibleConsignment(d.consignment, sees),
        redact: traderRedactor(traderValues(d.consignment), sees),
        explanation,
        ...(audit ? { audit } : {}),
        canRecord: CAN.record(viewer.user.role),
        ...(notice ? { notice } : {}),
      }),
    );
  }

  r.get(
    '/declarations/:id',
    allow(CAN.worklist),
    onDeclaration(async (req, res, viewer, d) => {
      const notice =
        req.query.recorded === '1'
          ? { kind: 'ok' as const, text: 'Result recorded and sent to the feedback queue.' }
          : undefined;
      await show(res, viewer, d, 200, notice);
    }),
  );

  r.post(
    '/declarations/:id/inspection',
    allow(CAN.record),
    onDeclaration(async (_req, res, viewer, d) => {
      if (d.status === 'open') {
        await ctx.audit.append(
          {
            event: 'status',
            user: viewer.user.name,
            role: viewer.user.role,
            id: d.decision.id,
            detail: { status: 'inspection' },
          },
          (tx) => statusCommands(tx, ctx.keys, d, 'inspection', ctx.retentionDays),
        );
      }
      res.redirect(303, path(d.decision.id));
    }),
  );

  r.post(
    '/declarations/:id/result',
    allow(CAN.record),
    onDeclaration(async (req, res, viewer, d) => {
      const input = parseResult((req.body ?? {}) as Record<string, unknown>);
      if ('problem' in input) return show(res, viewer, d, 400, { kind: 'error', text: input.problem });
      const outcome = await recordResult(
        {
          redis: ctx.redis,
          keys: ctx.keys,
          feedback: ctx.feedback,
          audit: ctx.audit,
          retentionDays: ctx.retentionDays,
        },
        d,
        input,
        { user: viewer.user.name, role: viewer.user.role },
      );
      if ('refused' in outcome) {
        const first = outcome.refused;
        return show(res, viewer, { ...d, result: first, status: 'done' }, 409, {
          kind: 'error',
          text: `Not recorded: a result was already recorded by ${first.by} at ${first.at.slice(0, 19).replace('T', ' ')} UTC (${first.outcome}). A result is recorded once.`,
        });
      }
      res.redirect(303, `${path(d.decision.id)}?recorded=1`);
    }),
  );
  return r;
}
