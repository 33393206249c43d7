import type { FlatTree, TreeEnsemble } from './ensemble.js';

/** A structural problem: the JSON path of the offending value and what is wrong with it. */
export interface EnsembleProblem {
  path: string;
  problem: string;
}

const CATEGORICAL = 1;
const MISSING_TYPES = 3;

/**
 * What the schema cannot say: the arrays of a tree agree in length, every
 * node is reached exactly once from the root (a tree, no cycle, nothing
 * orphaned), split features exist and have the split's kind, categorical
 * splits point at a bitset, and counts add up (TreeSHAP divides by them).
 * Returns the first problem, or undefined for a sound ensemble.
 */
export function checkEnsemble(e: TreeEnsemble, at = '$.ensemble'): EnsembleProblem | undefined {
  if (!Number.isFinite(e.initScore)) return { path: `${at}.initScore`, problem: 'must be a finite number' };
  const names = new Set<string>();
  for (let f = 0; f < e.features.length; f++) {
    const feature = e.features[f];
    const path = `${at}.features[${f}]`;
    if (names.has(feature.name)) return { path: `${path}.name`, problem: `feature "${feature.name}" is listed twice` };
    names.add(feature.name);
    if (feature.kind === 'categorical' && !feature.categories)
      return { path, problem: `categorical feature "${feature.name}" has no "categories" list` };
    if (feature.kind === 'numeric' && feature.categories)
      return { path: `${path}.categories`, problem: `numeric feature "${feature.name}" cannot have categories` };
  }
  for (let t = 0; t < e.trees.length; t++) {
    const problem = checkTree(e.trees[t], e, `${at}.trees[${t}]`);
    if (problem) return problem;
  }
  return undefined;
}

function checkTree(tree: FlatTree, e: TreeEnsemble, at: string): EnsembleProblem | undefined {
  const n = tree.splitFeature.length;
  for (const key of ['threshold', 'decisionType', 'left', 'right', 'internalCount'] as const) {
    if (tree[key].length !== n)
      return { path: `${at}.${key}`, problem: `has ${tree[key].length} entries, splitFeature has ${n}` };
  }
  for (const key of ['leafValue', 'leafCount'] as const) {
    if (tree[key].length !== n + 1)
      return {
        path: `${at}.${key}`,
        problem: `has ${tree[key].length} entries, a tree with ${n} splits has ${n + 1} leaves`,
      };
  }
  for (let i = 0; i < n + 1; i++) {
    if (!Number.isFinite(tree.leafValue[i])) return { path: `${at}.leafValue[${i}]`, problem: 'must be finite' };
    if (e.kind === 'rf' && (tree.leafValue[i] < 0 || tree.leafValue[i] > 1))
      return {
        path: `${at}.leafValue[${i}]`,
        problem: 'a random forest leaf is a share of illicit rows, between 0 and 1',
      };
  }
  const bitsets = checkBitsets(tree, at);
  if (bitsets) return bitsets;
  const numCat = tree.catBoundaries ? tree.catBoundaries.length - 1 : 0;
  for (let i = 0; i < n; i++) {
    const f = tree.splitFeature[i];
    const feature = e.features[f];
    if (!feature)
      return {
        path: `${at}.splitFeature[${i}]`,
        problem: `feature index ${f} is out of range (${e.features.length} features)`,
      };
    const type = tree.decisionType[i];
    const categorical = (type & CATEGORICAL) !== 0;
    if (((type >> 2) & 3) === MISSING_TYPES)
      return { path: `${at}.decisionType[${i}]`, problem: `missing type 3 does not exist (0 none, 1 zero, 2 NaN)` };
    if (categorical !== (feature.kind === 'categorical'))
      return {
        path: `${at}.decisionType[${i}]`,
        problem: `a ${categorical ? 'categorical' : 'numeric'} split on ${feature.kind} feature "${feature.name}"`,
      };
    const thr = tree.threshold[i];
    if (!Number.isFinite(thr)) return { path: `${at}.threshold[${i}]`, problem: 'must be finite' };
    if (categorical && (!Number.isInteger(thr) || thr < 0 || thr >= numCat))
      return {
        path: `${at}.threshold[${i}]`,
        problem: `categorical split ${thr} names no bitset (the tree has ${numCat})`,
      };
  }
  return checkShape(tree, at);
}

function checkBitsets(tree: FlatTree, at: string): EnsembleProblem | undefined {
  const b = tree.catBoundaries;
  const words = tree.catThreshold;
  if (!b && !words) return undefined;
  if (!b || !words) return { path: at, problem: 'catBoundaries and catThreshold come together' };
  if (b[0] !== 0) return { path: `${at}.catBoundaries[0]`, problem: 'must be 0' };
  for (let k = 1; k < b.length; k++)
    if (b[k] < b[k - 1]) return { path: `${at}.catBoundaries[${k}]`, problem: 'boundaries must not decrease' };
  if (b[b.length - 1] !== words.length)
    return {
      path: `${at}.catBoundaries[${b.length - 1}]`,
      problem: `last boundary ${b[b.length - 1]} must equal the ${words.length} words of catThreshold`,
    };
  return undefined;
}

/** Every node reached exactly once from the root, and each internal count the sum of its children's. */
function checkShape(tree: FlatTree, at: string): EnsembleProblem | undefined {
  const n = tree.splitFeature.length;
  if (n === 0) return undefined;
  const seenNode = new Uint8Array(n);
  const seenLeaf = new Uint8Array(n + 1);
  const stack = [0];
  seenNode[0] = 1;
  while (stack.length > 0) {
    const i = stack.pop()!;
    let sum = 0;
    for (const side of ['left', 'right'] as const) {
      const c = tree[side][i];
      const path = `${at}.${side}[${i}]`;
      if (c >= 0) {
        if (c >= n) return { path, problem: `child ${c} is out of range (${n} internal nodes)` };
        if (seenNode[c]) return { path, problem: `node ${c} is reached twice (a tree has no cycles or shared nodes)` };
        seenNode[c] = 1;
        stack.push(c);
        sum += tree.internalCount[c];
      } else {
        const leaf = ~c;
        if (leaf > n) return { path, problem: `leaf ${leaf} is out of range (${n + 1} leaves)` };
        if (seenLeaf[leaf]) return { path, problem: `leaf ${leaf} is reached twice` };
        seenLeaf[leaf] = 1;
        sum += tree.leafCount[leaf];
      }
    }
    if (tree.internalCount[i] === 0 || sum !== tree.internalCount[i])
      return {
        path: `${at}.internalCount[${i}]`,
        problem: `is ${tree.internalCount[i]}, its children hold ${sum} rows (counts must add up and be positive)`,
      };
  }
  const orphan = seenNode.indexOf(0);
  if (orphan >= 0) return { path: `${at}.left`, problem: `node ${orphan} is not reached from the root` };
  const orphanLeaf = seenLeaf.indexOf(0);
  if (orphanLeaf >= 0)
    return { path: `${at}.leafValue[${orphanLeaf}]`, problem: `leaf ${orphanLeaf} is not reached from the root` };
  return undefined;
}
