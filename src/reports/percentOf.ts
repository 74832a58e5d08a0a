/**
 * `part` as a percentage of `whole` with one decimal, rounded half away from zero (52.099% → 52.1,
 * 0.05% → 0.1), as a number: CSV cells hold numbers. 0 when `whole` is 0.
 *
 * @param part the share
 * @param whole what it is a share of
 * @returns the percentage, to one decimal
 * @example
 * percentOf(51_878_219n, 99_575_165n) // 52.1
 */
export function percentOf(part: bigint, whole: bigint): number {
  if (whole === 0n) return 0
  const negative = part < 0n !== whole < 0n
  const [p, w] = [part < 0n ? -part : part, whole < 0n ? -whole : whole]
  const tenths = (p * 2_000n + w) / (2n * w)
  return Number(negative ? -tenths : tenths) / 10
}
