/** Comparing faceres descriptors (pure; FaceEngine.similarity and decide() use it). */
/**
 * Similarity of two faceres descriptors, 0..1: Human's own formula (src/face/match.ts: Euclidean
 * distance ×25, normalised to 0.2..0.8 and clamped) without its rounding to hundredths.
 */
export function faceSimilarity(a: number[], b: number[]): number {
  if (!a.length || a.length !== b.length) return 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  if (sum === 0) return 1;
  const root = Math.sqrt(25 * sum);
  const norm = (1 - root / 100 - 0.2) / (0.8 - 0.2);
  return Math.max(0, Math.min(1, norm));
}
