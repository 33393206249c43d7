import { writeFileSync } from 'node:fs';
import type { Mapping } from '../declaration/mapping.js';
import { ProfileError } from '../errors.js';
import { sha256Hex } from '../canonical-json.js';
import { readText } from '../text-input.js';

export const PROFILE_FORMAT = 'customs-targeting-profile/1';

/** Past inspections per key of one dimension, as parallel columns (compact JSON, fast to load). */
export interface GroupTable {
  keys: string[];
  count: number[];
  illicit: number[];
  revenue: number[];
}

/** Median and MAD of a price measure per key of one HS level. */
export interface PriceTable {
  keys: string[];
  n: number[];
  median: number[];
  mad: number[];
}

export const PRICE_MEASURES = ['valuePerKg', 'valuePerUnit', 'taxRatio'] as const;
export type PriceMeasure = (typeof PRICE_MEASURES)[number];
/** Finest first: a price is compared with the finest level that has enough declarations. */
export const PRICE_LEVELS = ['hs6', 'hs4', 'hs2', 'all'] as const;
export type PriceLevel = (typeof PRICE_LEVELS)[number];

export const TRADER_ROLES = ['importer', 'declarant', 'exporter'] as const;
export type TraderRole = (typeof TRADER_ROLES)[number];

export interface ProfileSettings {
  /** Fewest declarations an HS level needs before its prices are trusted (else the coarser level). */
  minPriceRows: number;
  /** A trader first seen fewer than this many days before a declaration is new. */
  newTraderDays: number;
}

export const DEFAULT_SETTINGS: ProfileSettings = { minPriceRows: 30, newTraderDays: 90 };

/** Everything a profile holds; its id is the sha256 of this, serialized. */
export interface ProfileBody {
  builtAt: string;
  source: {
    file?: string;
    rows: number;
    labelled: number;
    dateRange: { from?: string; to?: string };
    mapping: Mapping;
  };
  settings: ProfileSettings;
  overall: { count: number; illicit: number; revenue: number };
  /** Prior strength (pseudo-inspections) of the shrinkage, per dimension. */
  strength: Record<string, number>;
  groups: Record<string, GroupTable>;
  /** Log of value per kg and per unit; tax ratio as is. */
  prices: Record<PriceMeasure, Partial<Record<PriceLevel, PriceTable>>>;
  /** First declaration day (days since 1970-01-01) per trader. */
  firstSeen: Partial<Record<TraderRole, { keys: string[]; day: number[] }>>;
}

export interface Profile extends ProfileBody {
  format: typeof PROFILE_FORMAT;
  /** sha256 (hex) of the serialized body. */
  id: string;
}

const BODY_MARK = ',"body":';

/** File text: format and id first, then the body whose exact bytes the id hashes. */
export function serializeProfile(body: ProfileBody): { id: string; text: string } {
  const json = JSON.stringify(body);
  const id = sha256Hex(json);
  return { id, text: `{"format":"${PROFILE_FORMAT}","id":"${id}"${BODY_MARK}${json}}\n` };
}

export function writeProfile(file: string, body: ProfileBody): string {
  const { id, text } = serializeProfile(body);
  writeFileSync(file, text);
  return id;
}

export function loadProfile(file: string): Profile {
  const hint = 'build one with `targeting profile build`';
  return parseProfile(readText(file, ProfileError, 'PROFILE_UNREADABLE', 'the profile', hint), file);
}

/** Parses and checks a profile: its format, and that its id matches its content (no silent edits or truncation). */
export function parseProfile(text: string, file?: string): Profile {
  const bad = (problem: string): ProfileError =>
    new ProfileError('BAD_PROFILE', problem, { file }, 'rebuild it with `targeting profile build`');
  let parsed: { format?: unknown; id?: unknown; body?: ProfileBody };
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw bad(`not a profile: ${(e as Error).message}`);
  }
  if (parsed?.format !== PROFILE_FORMAT)
    throw bad(`unknown profile format ${JSON.stringify(parsed?.format)} (expected ${PROFILE_FORMAT})`);
  const start = text.indexOf(BODY_MARK);
  const end = text.lastIndexOf('}');
  const digest = sha256Hex(text.slice(start + BODY_MARK.length, end));
  if (start < 0 || digest !== parsed.id || !parsed.body)
    throw bad('its content does not match its id (edited or truncated)');
  return { format: PROFILE_FORMAT, id: parsed.id, ...parsed.body };
}
