/**
 * Runs `run` on each item on `lanes` concurrent lanes, the largest `total` first, so that the long
 * runs do not start last and leave the other lanes idle.
 *
 * @param items what to run, each with its size
 * @param lanes how many run at once
 * @param run runs one item
 * @example
 * await runLargestFirst(points, 2, (point) => pool.run(point.scenario))
 */
export async function runLargestFirst<T extends { total: number }>(
  items: readonly T[],
  lanes: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  const queue = [...items].sort((a, b) => b.total - a.total)
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await run(item)
    }),
  )
}
