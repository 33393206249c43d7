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
}

export interface LogisticFit {
  /** weights[0] is the intercept; weights[1 + c] the log-odds of column c. */
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
}

export function linearPredictor(design: BinDesign, w: Float64Array, row: number): number {
  let eta = w[0];
  const base = row * design.facts;
  for (let f = 0; f < design.facts; f++) {
    const c = design.codes[base + f];
    if (c >= 0) eta += w[1 + c];
  }
  return eta;
}

export function fitLogistic(design: BinDesign, y: Uint8Array, opts: FitOptions): LogisticFit {
  const size = design.columns + 1;
  const w = opts.start ? Float64Array.from(opts.start) : new Float64Array(size);
  const maxIterations = opts.maxIterations ?? 30;
  const active = new Int32Array(design.facts + 1);
  for (let iter = 1; iter <= maxIterations; iter++) {
    const g = new Float64Array(size);
    const h = new Float64Array(size * size);
    for (let i = 0; i < design.rows; i++) {
      const p = sigmoid(linearPredictor(design, w, i));
      const r = p - y[i];
      const v = p * (1 - p);
      let k = 0;
      active[k++] = 0;
      const base = i * design.facts;
      for (let f = 0; f < design.facts; f++) {
        const c = design.codes[base + f];
        if (c >= 0) active[k++] = 1 + c;
      }
      for (let a = 0; a < k; a++) {
        const ca = active[a];
        g[ca] += r;
        const row = ca * size;
        for (let b = 0; b < k; b++) h[row + active[b]] += v;
      }
    }
    for (let j = 1; j < size; j++) {
      g[j] += opts.lambda * w[j];
      h[j * size + j] += opts.lambda;
    }
    // A column no row falls in still has the penalty on its diagonal; the intercept needs a floor too.
    h[0] += 1e-9;
    const step = solveCholesky(h, g, size);
    let largest = 0;
    for (let j = 0; j < size; j++) {
      w[j] -= step[j];
      largest = Math.max(largest, Math.abs(step[j]));
    }
    if (largest < 1e-7) return { weights: w, iterations: iter, converged: true };
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
