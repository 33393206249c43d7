import { canonicalJson, sha256Hex } from '../canonical-json.js';

/** `name@` + the first 12 hex digits of the sha256 of the normalised content. */
export function ruleSetId(name: string, content: unknown): string {
  return `${name}@${sha256Hex(canonicalJson(content)).slice(0, 12)}`;
}
