/**
 * L2-regularised logistic regression on one-hot bins, fitted by Newton's
 * method: deterministic (no random start, no sampling), a handful of
 * iterations, and exact enough for points an analyst will read.
 */

/** Rows × facts; each cell is the column (bin) the row falls in, or -1 for none. */
export interface BinDesign {
  rows: number;
  facts: number;
  columns: number;
  codes: Int32Array;
  /** One unpenalised numeric input per row (e.g. the hand-written rules' points), weight last. */
  covariate?: Float64Array;
}

/** Weights: intercept, one per column, then the covariate's when there is one. */
export function weightCount(d: BinDesign): number {
  return d.columns + 1 + (d.covariate ? 1 : 0);
}

export interface LogisticFit {
  /** weights[0] is the intercept; weights[1 + c] the log-odds of column c; the covariate's last. */
  weights: Float64Array;
  iterations: number;
  converged: boolean;
}

export interface FitOptions {
  /** Penalty on the sum of squared column weights (the intercept is free). */
  lambda: number;
  /** Warm start, e.g. the fit for the next larger lambda. */
  start?: Float64Array;
  maxIterations?: number;
  /**
   * Rows the curvature (Hessian) is estimated from, evenly strided. The
   * gradient always uses every row, so the optimum is exact; only the path to
   * it takes a step or two more, at a fraction of the cost of a full Hessian.
   */
  hessianRows?: number;
  /** Stop when no weight moves more than this (log-odds; points are rounded far coarser). */
  tolerance?: number;
}

export function linearPredictor(design: BinDesign, w: Float64Array, row: number): number {
  let eta = w[0];
  const base = row * design.facts;
  for (let f = 0; f < design.facts; f++) {
    const c = design.codes[base + f];
    if (c >= 0) eta += w[1 + c];
  }
  if (design.covariate) eta += w[design.columns + 1] * design.covariate[row];
  return eta;
}

export function fitLogistic(design: BinDesign, y: Uint8Array, opts: FitOptions): LogisticFit {
  const size = weightCount(design);
  const cov = design.covariate;
  const w = opts.start ? Float64Array.from(opts.start) : new Float64Array(size);
  const maxIterations = opts.maxIterations ?? 50;
  const stride = Math.max(1, Math.ceil(design.rows / (opts.hessianRows ?? 50_000)));
  const active = new Int32Array(design.facts + 2);
  for (let iter = 1; iter <= maxIterations; iter++) {
    const g = new Float64Array(size);
    const h = new Float64Array(size * size);
    for (let i = 0; i < design.rows; i++) {
      const p = sigmoid(linearPredictor(design, w, i));
      const r = p - y[i];
      let k = 0;
      active[k++] = 0;
      const base = i * design.facts;
      for (let f = 0; f < design.facts; f++) {
        const c = design.codes[base + f];
        if (c >= 0) active[k++] = 1 + c;
      }
      for (let a = 0; a < k; a++) g[active[a]] += r;
      if (cov) g[size - 1] += r * cov[i];
      if (i % stride !== 0) continue;
      const v = p * (1 - p) * stride;
      if (cov) active[k++] = size - 1;
      // One triangle (columns are ascending within a row); mirrored below.
      for (let a = 0; a < k; a++) {
        const ca = active[a];
        const va = cov && ca === size - 1 ? v * cov[i] : v;
        const row = ca * size;
        for (let b = a; b < k; b++) {
          const cb = active[b];
          h[row + cb] += cov && cb === size - 1 ? va * cov[i] : va;
        }
      }
    }
    for (let a = 0; a < size; a++) for (let b = a + 1; b < size; b++) h[b * size + a] = h[a * size + b];
    const penalised = cov ? size - 1 : size;
    for (let j = 1; j < penalised; j++) {
      g[j] += opts.lambda * w[j];
      h[j * size + j] += opts.lambda;
    }
    // A column no row falls in still has the penalty on its diagonal; the free weights need a floor too.
    h[0] += 1e-9;
    if (cov) h[size * size - 1] += 1e-9;
    const step = solveCholesky(h, g, size);
    let largest = 0;
    for (let j = 0; j < size; j++) {
      w[j] -= step[j];
      largest = Math.max(largest, Math.abs(step[j]));
    }
    if (largest < (opts.tolerance ?? 1e-4)) return { weights: w, iterations: iter, converged: true };
  }
  return { weights: w, iterations: maxIterations, converged: false };
}

/** Mean negative log-likelihood of the labels under the fitted weights. */
export function logLoss(design: BinDesign, y: Uint8Array, w: Float64Array): number {
  let total = 0;
  for (let i = 0; i < design.rows; i++) {
    const eta = linearPredictor(design, w, i);
    // log(1 + e^x) computed without overflow for large |x|.
    total += softplus(eta) - (y[i] ? eta : 0);
  }
  return design.rows > 0 ? total / design.rows : 0;
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Solves A x = b for a symmetric positive-definite A (row-major, n × n). */
export function solveCholesky(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        l[i * n + i] = Math.sqrt(Math.max(s, 1e-12));
      } else {
        l[i * n + j] = s / l[j * n + j];
      }
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * z[k];
    z[i] = s / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}
