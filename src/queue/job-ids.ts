import { createHash } from 'node:crypto';

/**
 * Input job ids are derived from content so BullMQ ignores a resubmission
 * while the first job exists: `c-<consignment id>` for one consignment,
 * `b-<hash of the ordered ids>` for a batch. BullMQ forbids ":" in ids, hence
 * the encoding; a lone surrogate is encoded too (`%uD800`): BullMQ sends ids
 * to its scripts in one encoding and builds keys in another, and a job whose
 * id differs between them cannot be completed by BullMQ (unnamed-jobs.ts).
 */
export function singleJobId(consignmentId: string): string {
  return `c-${consignmentId.replace(/[%:]|\p{Cs}/gu, (ch) => (ch === '%' || ch === ':' ? encodeURIComponent(ch) : surrogate(ch.charCodeAt(0))))}`;
}

export function batchJobId(consignmentIds: readonly string[]): string {
  const h = createHash('sha256');
  for (const id of consignmentIds) h.update(id).update('\n');
  return `b-${h.digest('base64url').slice(0, 32)}`;
}

/**
 * A job id's bytes as Redis holds them, as a well-formed string that tells
 * distinct ids apart: UTF-8 decoded where it is UTF-8, a surrogate in the
 * three bytes msgpack writes for it as `%uD800` (as singleJobId), any other
 * stray byte as `%ED`, and `%` itself as `%25`.
 */
export function escapedJobId(raw: Uint8Array): string {
  let out = '';
  for (let i = 0; i < raw.length;) {
    const b = raw[i];
    const extra = b >= 0xf8 ? -1 : b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : b >= 0x80 ? -1 : 0;
    let cp = extra > 0 ? b & (0x3f >> extra) : b;
    let ok = extra >= 0 && i + extra < raw.length;
    for (let k = 1; ok && k <= extra; k++) {
      ok = (raw[i + k] & 0xc0) === 0x80;
      cp = (cp << 6) | (raw[i + k] & 0x3f);
    }
    if (ok && extra > 0) ok = cp >= MIN_CODE_POINT[extra] && cp <= 0x10ffff;
    if (!ok) {
      out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
      i++;
      continue;
    }
    out += cp === 0x25 ? '%25' : cp >= 0xd800 && cp <= 0xdfff ? surrogate(cp) : String.fromCodePoint(cp);
    i += extra + 1;
  }
  return out;
}

/** The smallest code point each length of UTF-8 sequence may carry (shorter spellings are overlong). */
const MIN_CODE_POINT = [0, 0x80, 0x800, 0x10000];

function surrogate(unit: number): string {
  return `%u${unit.toString(16).toUpperCase()}`;
}
