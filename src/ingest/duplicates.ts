/**
 * Near-duplicate signatures: MinHash over word 3-shingles of the body, banded for LSH.
 *
 * - Shingles are runs of 3 lowercased words of the body (the title is left out, so a reprint under
 *   another headline is still the same text).
 * - 64 MinHash values; 16 bands of 4 values each. Two articles share a band, and so meet as
 *   candidates, with probability 1 − (1 − J⁴)¹⁶ for Jaccard similarity J: 0.9998 at J = 0.8, 0.98 at
 *   J = 0.6, 0.64 at 0.5, under 0.03 at 0.2. A candidate is a near-duplicate when the share of equal
 *   MinHash values (an unbiased estimate of J, ±0.06 at J = 0.5) is at least `duplicateThreshold`.
 * - Written here rather than taken from a package: the npm MinHash packages draw their hash
 *   functions from Math.random or bring a dependency tree, and stored signatures must stay
 *   comparable across versions and runtimes. Pure 32-bit integer arithmetic, so Node and the Worker
 *   compute the same values.
 */

export const minhashSize = 64;
export const bandRows = 4;
export const bandCount = minhashSize / bandRows;
/** Estimated Jaccard similarity of shingle sets at or above which two articles are near-duplicates. */
export const duplicateThreshold = 0.5;
const shingleWords = 3;

/** FNV-1a over a string's UTF-16 code units. */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** murmur3's finaliser: a fast, well-mixed 32-bit permutation. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** One salt per MinHash function, fixed forever (changing them invalidates stored signatures). */
const salts = Uint32Array.from({ length: minhashSize }, (_, i) => mix32(0x9e3779b9 + Math.imul(i + 1, 0x7f4a7c15)));

const wordPattern = /[\p{L}\p{N}]+/gu;

/** The distinct shingle hashes of a text. */
export function shingleHashes(text: string): Set<number> {
  const words = text.toLowerCase().match(wordPattern) ?? [];
  const out = new Set<number>();
  if (words.length < shingleWords) {
    if (words.length) out.add(fnv1a(words.join(' ')));
    return out;
  }
  // fnv1a of "w1 w2 w3" word by word, without building the string: each shingle was an allocation
  for (let i = 0; i + shingleWords <= words.length; i++) out.add(fnv1a(words[i + 2]!, fnv1a(' ', fnv1a(words[i + 1]!, fnv1a(' ', fnv1a(words[i]!))))));
  return out;
}

/** The MinHash signature: per function, the least hash over the shingles. */
export function minhash(text: string): Uint32Array {
  const signature = new Uint32Array(minhashSize).fill(0xffffffff);
  for (const shingle of shingleHashes(text)) {
    for (let i = 0; i < minhashSize; i++) {
      const h = mix32(shingle ^ salts[i]!);
      if (h < signature[i]!) signature[i] = h;
    }
  }
  return signature;
}

/**
 * The LSH bucket keys of a signature, one per band: the band's index in the high bits and a hash
 * of its values in the low 32, so equal values in different bands never meet. Safe integers.
 */
export function bandKeys(signature: Uint32Array): number[] {
  const keys: number[] = [];
  for (let b = 0; b < bandCount; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < bandRows; r++) h = mix32(Math.imul(h, 0x01000193) ^ signature[b * bandRows + r]!);
    keys.push(b * 2 ** 32 + h);
  }
  return keys;
}

/** The share of equal values: an unbiased estimate of the Jaccard similarity of the shingle sets. */
export function estimatedJaccard(a: Uint32Array, b: Uint32Array): number {
  let equal = 0;
  for (let i = 0; i < minhashSize; i++) if (a[i] === b[i]) equal++;
  return equal / minhashSize;
}

export function signatureToHex(signature: Uint32Array): string {
  let out = '';
  for (const value of signature) out += value.toString(16).padStart(8, '0');
  return out;
}

export function signatureFromHex(hex: string): Uint32Array {
  const signature = new Uint32Array(minhashSize);
  for (let i = 0; i < minhashSize; i++) signature[i] = Number.parseInt(hex.slice(i * 8, i * 8 + 8), 16);
  return signature;
}
