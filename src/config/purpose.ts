import { readFileSync } from 'node:fs';
import type { Consignment } from '../declaration/record.js';
import { BUILT_IN_FIELDS } from '../declaration/record.js';
import type { Decider, Decision } from '../decision/decision.js';
import { ConfigError } from '../errors.js';

/** Fields a decision can carry; `id` is always emitted, a decision without it is useless. */
export const DECISION_FIELDS = ['id', 'score', 'channel', 'hits', 'ruleset', 'profile', 'decidedAt'] as const;

/**
 * Purpose limitation for one worker: the consignment fields it may read (for
 * scoring) and the decision fields it may emit. `"*"` in `read` allows every
 * field. The audit hash is computed over the consignment as received, before
 * this filter, so the trail still proves exactly what came in.
 */
export interface PurposePolicy {
  purpose: string;
  read: readonly string[];
  emit: readonly string[];
}

export const UNRESTRICTED: PurposePolicy = { purpose: 'risk-targeting', read: ['*'], emit: [...DECISION_FIELDS] };

/** The policy in a JSON file (`PURPOSE_FILE`); any problem stops the worker with the file and field named. */
export function loadPurpose(file: string): PurposePolicy {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(
      'BAD_PURPOSE',
      `cannot read the purpose file (${(e as Error).message})`,
      { file },
      'expected JSON: {"purpose": "...", "read": [fields], "emit": [fields]}',
    );
  }
  return parsePurpose(raw, file);
}

export function parsePurpose(raw: unknown, file?: string): PurposePolicy {
  const where = file ? { file } : {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError('BAD_PURPOSE', 'the purpose configuration must be a JSON object', where);
  }
  const r = raw as Record<string, unknown>;
  const names = (key: 'read' | 'emit'): string[] => {
    const v = r[key];
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || s === '')) {
      throw new ConfigError('BAD_PURPOSE', `"${key}" must be a list of field names`, { ...where, field: key });
    }
    return v as string[];
  };
  const read = names('read');
  const emit = names('emit');
  const unknown = emit.filter((f) => !(DECISION_FIELDS as readonly string[]).includes(f));
  if (unknown.length) {
    throw new ConfigError(
      'BAD_PURPOSE',
      `unknown decision field(s) in "emit": ${unknown.join(', ')}`,
      { ...where, field: 'emit' },
      `decisions have ${DECISION_FIELDS.join(', ')}`,
    );
  }
  if (typeof r.purpose !== 'string' || r.purpose.trim() === '') {
    throw new ConfigError('BAD_PURPOSE', '"purpose" must say what the data is processed for', {
      ...where,
      field: 'purpose',
    });
  }
  return { purpose: r.purpose, read, emit: [...new Set(['id', ...emit])] };
}

/** The consignment as this worker may see it: fields outside `read` are gone before any rule runs. */
export function readableConsignment(c: Consignment, policy: PurposePolicy): Consignment {
  if (policy.read.includes('*')) return c;
  const out: Consignment = { id: c.id, extra: {} };
  for (const field of policy.read) {
    if (field === 'id' || field === 'extra') continue;
    if (BUILT_IN_FIELDS.includes(field)) {
      const v = c[field as keyof Consignment];
      if (v !== undefined) (out as unknown as Record<string, unknown>)[field] = v;
    } else if (field in c.extra) {
      out.extra[field] = c.extra[field];
    }
  }
  return out;
}

/** The decision as this worker may emit it: every field outside `emit` is dropped. */
export function emittedDecision(d: Decision, policy: PurposePolicy): Partial<Decision> & { id: string } {
  const out: Record<string, unknown> = {};
  for (const field of policy.emit) {
    const v = (d as unknown as Record<string, unknown>)[field];
    if (v !== undefined) out[field] = v;
  }
  return out as Partial<Decision> & { id: string };
}

/** A decider whose rules see the consignment as the purpose allows (rule sets reload: wrap per job). */
export function limitedDecider(decider: Decider, policy: PurposePolicy): Decider {
  if (policy.read.includes('*')) return decider;
  // The engine's declaration decider would read unfiltered items: a limited one decides declarations item by item.
  const { declarations: _unfiltered, ...rest } = decider;
  return { ...rest, decide: (c, decidedAt) => decider.decide(readableConsignment(c, policy), decidedAt) };
}
