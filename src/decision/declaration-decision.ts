import { headerOf, type Declaration } from '../declaration/declaration.js';
import type { Consignment } from '../declaration/record.js';
import { buildCatalog } from '../features/catalog.js';
import { MAX_ITEM_SCORE_FACT } from '../features/consignment-facts.js';
import { factsOfRule } from '../ruleset/fact-refs.js';
import type { LoadedRuleSet, Thresholds } from '../ruleset/types.js';
import { channelOfScore } from './channel.js';
import { createDecider, type AsyncDecider, type DeciderOptions } from './decide.js';
import { RANDOM_SELECTION_RULE } from './random-selection.js';
import { CHANNELS, type Channel, type Decider, type Decision, type Hit, type ItemResult } from './decision.js';

/**
 * Decides whole declarations with per-item deciders. `item` scores every goods
 * item seen with its header; `header`, when the rule set has header-level rules
 * (rules naming `declaration.maxItemScore`), scores the header once, after the
 * items, with the highest item score known.
 */
export interface DeclarationDecider {
  decide(d: Declaration, decidedAt?: Date): Decision;
}

/** The same over the promise-based reference engine (`--engine reference`). */
export interface AsyncDeclarationDecider {
  decide(d: Declaration, decidedAt?: Date): Promise<Decision>;
}

/** The rule set split into item rules and header-level rules, each decided by createDecider. */
export function createDeclarationDecider(opts: DeciderOptions): DeclarationDecider {
  const { item, header } = splitRuleSet(opts.ruleset);
  return declarationDecider(
    createDecider({ ...opts, ruleset: item }),
    header.rules.length > 0 ? createDecider({ ...opts, ruleset: header }) : undefined,
  );
}

/**
 * Header-level rules are those reading `declaration.maxItemScore`: it exists
 * only once the items are decided. Both halves keep the rule set's id, thresholds
 * and random inspection, so a decision names the one rule set it came from.
 */
export function splitRuleSet(ruleset: LoadedRuleSet): { item: LoadedRuleSet; header: LoadedRuleSet } {
  const catalog = buildCatalog(ruleset.declaredFacts);
  const isFact = (f: string) => catalog.has(f);
  const onHeader = (r: LoadedRuleSet['rules'][number]) => factsOfRule(r, isFact).has(MAX_ITEM_SCORE_FACT);
  if (!ruleset.rules.some(onHeader)) return { item: ruleset, header: { ...ruleset, rules: [] } };
  return {
    item: { ...ruleset, rules: ruleset.rules.filter((r) => !onHeader(r)) },
    header: { ...ruleset, rules: ruleset.rules.filter(onHeader) },
  };
}

/**
 * A flat record without header-level rules is decided exactly as today (the
 * same call, the same decision). Otherwise each item is decided and folded into
 * the declaration's roll-up as it comes (no list of item decisions is kept),
 * then the header.
 */
export function declarationDecider(item: Decider, header?: Decider): DeclarationDecider {
  return {
    decide(d, at = new Date()) {
      if (d.flat && !header) return item.decide(d.items[0], at);
      const roll = rollUp(d);
      for (const c of d.items) roll.add(item.decide(c, at));
      return roll.finish(header?.decide(headerOf(d, roll.maxScore()), at), item.thresholds);
    },
  };
}

export function asyncDeclarationDecider(item: AsyncDecider, header?: AsyncDecider): AsyncDeclarationDecider {
  return {
    async decide(d, at = new Date()) {
      if (d.flat && !header) return item.decide(d.items[0], at);
      const roll = rollUp(d);
      for (const c of d.items) roll.add(await item.decide(c, at));
      const h = header && (await header.decide(headerOf(d, roll.maxScore()), at));
      return roll.finish(h, item.thresholds);
    },
  };
}

/**
 * One decision for the declaration from its items' (added in the order of
 * `d.items`) and its header's: score = the highest item score plus the points
 * of the header-level rules that fired (clamped to 100); channel = the most
 * severe of the items', the header rules' own (a forced channel) and that
 * score's. Hits name their item; header hits have none. A flat record keeps
 * today's shape.
 */
export function rollUp(d: Declaration) {
  const hits: Hit[] = [];
  const items: ItemResult[] = [];
  let channel: Channel = 'green';
  let score = 0;
  let first: Decision | undefined;
  let selection: Decision['selection'];
  let i = 0;
  let random = false;
  // The draw is the declaration's (its items share its id): one hit, naming no item.
  const addRandomHit = (h: Hit) => {
    if (!random) hits.push(h);
    random = true;
  };
  return {
    add(one: Decision): void {
      if (!first) {
        first = one;
        selection = one.selection;
      }
      channel = moreSevere(channel, one.channel);
      if (one.score > score) score = one.score;
      const c = d.items[i++];
      if (d.flat) {
        for (const h of one.hits) hits.push(h);
        return;
      }
      // The item's decision is this roll-up's own (fresh hits per decide): marked in place, not copied.
      for (const h of one.hits) {
        if (h.rule === RANDOM_SELECTION_RULE) {
          addRandomHit(h);
          continue;
        }
        h.item = c.itemNumber;
        hits.push(h);
      }
      items.push(itemResult(c, one));
    },
    maxScore: () => score,
    finish(header: Decision | undefined, t: Thresholds): Decision {
      let total = score;
      if (header) {
        for (const h of header.hits) {
          if (h.rule === RANDOM_SELECTION_RULE) addRandomHit(h);
          else hits.push(h);
        }
        total = Math.round(Math.min(100, score + header.score) * 100) / 100;
        channel = moreSevere(moreSevere(channel, header.channel), channelOfScore(total, t));
        selection ??= header.selection;
      }
      const decision: Decision = { ...(first ?? header!), id: d.id, score: total, channel, hits };
      if (selection) decision.selection = selection;
      if (!d.flat) decision.items = items;
      if (d.function === 'amendment') {
        decision.amends = d.amends ?? d.id;
        if (d.message !== undefined) decision.message = d.message;
      }
      return decision;
    },
  };
}

function itemResult(c: Consignment, d: Decision): ItemResult {
  const r: ItemResult = { item: c.itemNumber!, score: d.score, channel: d.channel };
  // A simplified declaration's item without a commodity code: decided on what it has, and said so.
  if (c.hsCode === undefined) r.missing = ['hsCode'];
  return r;
}

function moreSevere(a: Channel, b: Channel): Channel {
  return CHANNELS.indexOf(b) > CHANNELS.indexOf(a) ? b : a;
}

/** The goods item whose result set the declaration's channel and score: the first of the most severe, highest-scored. */
export function drivingItem(d: Decision): ItemResult | undefined {
  let best: ItemResult | undefined;
  for (const r of d.items ?? []) {
    if (!best) best = r;
    else {
      const c = CHANNELS.indexOf(r.channel) - CHANNELS.indexOf(best.channel);
      if (c > 0 || (c === 0 && r.score > best.score)) best = r;
    }
  }
  return best;
}
