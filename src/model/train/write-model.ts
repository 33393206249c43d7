import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { canonicalJson, sha256Hex } from '../../canonical-json.js';
import type { Mapping } from '../../declaration/mapping.js';
import type { TreeEnsemble } from '../ensemble.js';

export const MODEL_FORMAT = 'customs-targeting-model';
export const MODEL_VERSION = 1;

/** Precision and AUC of a ranking on the validation months. */
export interface ValidationScores {
  auc: number | null;
  precisionAt: Record<'1' | '2' | '5' | '10', number>;
}

/** A candidate tried during training and how it ranked the validation months. */
export interface GridEntry extends ValidationScores {
  kind: 'gbdt' | 'rf';
  hyperParameters: Record<string, number>;
  /** Boosting: rounds up to the best validation loss. */
  rounds?: number;
}

/**
 * The model file as training writes it. Loading and validating model files
 * (whichever wrote them) belongs to model/model-file.ts.
 */
export interface TrainedModelFile {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  /** sha256 (hex) of the canonical JSON of every other member. */
  id: string;
  name: string;
  createdAt: string;
  source: 'trained';
  /** The mapping the training history was read through; null for the built-in one. */
  mapping: Mapping | null;
  /** Illicit share of the training rows. */
  baseRate: number;
  ensemble: TreeEnsemble;
  training: { from?: string; to?: string; rows: number; positives: number; sampledRows?: number };
  validation: { from?: string; to?: string; rows: number } & ValidationScores;
  hyperParameters: Record<string, number | string>;
  grid: GridEntry[];
}

/** Seals a model: its id is the hash of everything else, so any edit shows. */
export function withModelId(body: Omit<TrainedModelFile, 'id'>): TrainedModelFile {
  return { ...body, id: sha256Hex(canonicalJson(body)) } as TrainedModelFile;
}

export function writeModel(file: string, model: TrainedModelFile): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(model)}\n`);
}
