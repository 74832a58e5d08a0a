import type { HostileAction } from './HostileAction.js'
import type { HostileEntries } from './HostileStep.js'
import { keeperAttacks } from './keeperAttacks.js'
import { orderAttacks } from './orderAttacks.js'
import { ownProfileActions } from './ownProfileActions.js'
import { profileAttacks } from './profileAttacks.js'
import { rankingAttacks } from './rankingAttacks.js'
import { restrictedCallAttacks } from './restrictedCallAttacks.js'

/** The hostile table: one entry per kind of {@link HostileAction}, each its call, prediction and what it may move. */
export const hostileEntries: HostileEntries = {
  ...profileAttacks,
  ...restrictedCallAttacks,
  ...keeperAttacks,
  ...orderAttacks,
  ...rankingAttacks,
  ...ownProfileActions,
}
