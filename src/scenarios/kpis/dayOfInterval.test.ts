import { expect, it } from 'vitest'
import { dayOfInterval } from './dayOfInterval.js'

it('puts each interval on the day it starts on, counted from the first', () => {
  const hourly = { intervalSeconds: 3600, startHour: 22 }
  expect([0, 1, 2, 3, 25, 26].map((i) => dayOfInterval(i, hourly))).toEqual([0, 0, 1, 1, 1, 2])
  // A 90-minute interval from 23:00 spans midnight: it belongs to the day it starts on.
  expect([0, 1].map((i) => dayOfInterval(i, { intervalSeconds: 5400, startHour: 23 }))).toEqual([0, 1])
  // 15-minute intervals from 23:45: the second starts at midnight.
  expect([0, 1].map((i) => dayOfInterval(i, { intervalSeconds: 900, startHour: 23.75 }))).toEqual([0, 1])
})
