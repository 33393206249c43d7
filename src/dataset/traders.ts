import { GOODS } from './catalog.js';
import { Random, WeightedIndex } from './random.js';

/** A trader declaring goods: who they are, what they usually import, through whom. */
export interface Importer {
  id: string;
  /** Indexes into GOODS of the goods this importer trades in. */
  goods: number[];
  declarant: number;
  /** The importer's price level relative to the market (some buy cheap, some dear). */
  priceFactor: number;
  /** Caught before and likely to offend again. */
  offender: boolean;
  exporterSeed: number;
  /** Shell companies: declarations left before they vanish. */
  remaining?: number;
}

const EXPORTERS_PER_ORIGIN = 300;
/** Exporters 0…4 of each origin are the complicit suppliers shells and smugglers buy from. */
const COMPLICIT_EXPORTERS = 5;

/**
 * The population of traders. Regular importers are numbered in the order they
 * start trading: the pool active on a given day grows from 75 % to 100 % over
 * the period, so legitimate newcomers exist too. Activity is skewed: a few
 * large importers file many declarations, most file few. Ids go through a
 * permutation so their order says nothing about the trader.
 */
export class Traders {
  readonly declarants: string[];
  readonly offendingDeclarants: Uint8Array;
  private readonly importers: Importer[] = [];
  private readonly shells: Importer[] = [];
  private nextImporterNumber: number;
  private readonly exporters = new Map<string, string[]>();
  private readonly goodsDraw = new WeightedIndex(GOODS.map((x) => x.share));

  constructor(
    private readonly random: Random,
    rows: number,
  ) {
    const importerCount = clamp(Math.round(rows / 60), 100, 25_000);
    const declarantCount = clamp(Math.round(importerCount / 15), 10, 2_000);
    this.declarants = Array.from(
      { length: declarantCount },
      (_, i) => `DC${String(permute(i, 10_000)).padStart(4, '0')}`,
    );
    this.offendingDeclarants = new Uint8Array(declarantCount);
    for (let i = 0; i < declarantCount; i++) this.offendingDeclarants[i] = random.chance(0.06) ? 1 : 0;
    for (let i = 0; i < importerCount; i++) this.importers.push(this.newImporter(i, random.chance(0.02)));
    this.nextImporterNumber = importerCount;
  }

  /** A regular importer active at `progress` (0 = first day, 1 = last). */
  pick(progress: number): Importer {
    const active = Math.max(1, Math.floor(this.importers.length * (0.75 + 0.25 * progress)));
    const u = this.random.next();
    return this.importers[Math.floor(active * u * u)];
  }

  /** A first-time shell importer: a handful of declarations, then gone. */
  shell(): Importer {
    if (this.shells.length === 0 || this.random.chance(0.35)) {
      const s = this.newImporter(this.nextImporterNumber++, false);
      s.remaining = 1 + this.random.int(4);
      // Shells hire the brokers who ask no questions.
      if (this.random.chance(0.5)) s.declarant = this.offendingDeclarantIndex();
      this.shells.push(s);
    }
    const at = this.random.int(this.shells.length);
    const s = this.shells[at];
    if (--s.remaining! <= 0) this.shells.splice(at, 1);
    return s;
  }

  goodsFor(importer: Importer): number {
    return this.random.chance(0.85) ? this.random.pick(importer.goods) : this.goodsDraw.draw(this.random);
  }

  declarantFor(importer: Importer): number {
    return this.random.chance(0.9) ? importer.declarant : this.random.int(this.declarants.length);
  }

  exporter(origin: string, importer: Importer, complicit: boolean): string {
    let pool = this.exporters.get(origin);
    if (!pool) {
      pool = Array.from(
        { length: EXPORTERS_PER_ORIGIN },
        (_, i) => `${origin}X${String(permute(i, 1000)).padStart(3, '0')}`,
      );
      this.exporters.set(origin, pool);
    }
    const index = complicit
      ? this.random.int(COMPLICIT_EXPORTERS)
      : COMPLICIT_EXPORTERS +
        ((importer.exporterSeed + this.random.int(3)) % (EXPORTERS_PER_ORIGIN - COMPLICIT_EXPORTERS));
    return pool[index];
  }

  private newImporter(n: number, offender: boolean): Importer {
    const r = this.random;
    const goods = Array.from({ length: 1 + r.int(3) }, () => this.goodsDraw.draw(r));
    return {
      id: `IM${String(permute(n, 1_000_000)).padStart(6, '0')}`,
      goods,
      declarant: r.int(this.declarants.length),
      priceFactor: r.lognormal(1, 0.15),
      offender,
      exporterSeed: r.int(1_000_000),
    };
  }

  private offendingDeclarantIndex(): number {
    for (let tries = 0; tries < 50; tries++) {
      const d = this.random.int(this.declarants.length);
      if (this.offendingDeclarants[d]) return d;
    }
    return this.random.int(this.declarants.length);
  }
}

/** A bijection on [0, n) for n a power of ten: 7919 is prime to 2 and 5. */
function permute(i: number, n: number): number {
  return (i * 7919 + 12345) % n;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
