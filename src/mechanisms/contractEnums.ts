import { IEnergyMarket, IEnergyPool } from '../artifacts/index.js'

/** An enum member's name as the library spells it: the contract's, with a lower-case first letter. */
const uncapitalize = <T extends string>(name: T): Uncapitalize<T> =>
  (name.charAt(0).toLowerCase() + name.slice(1)) as Uncapitalize<T>

/** Which side of the market a commitment is on (`IEnergyPool.Side`). */
export type Side = Uncapitalize<(typeof IEnergyPool.enums.Side)[number]>

/** Where an interval's settlement is (`IEnergyMarket.Phase`). */
export type IntervalPhase = Uncapitalize<(typeof IEnergyMarket.enums.Phase)[number]>

/** Where a commitment is (`IEnergyMarket.CommitmentStatus`, without `none`: no such commitment). */
export type CommitmentStatus = Exclude<Uncapitalize<(typeof IEnergyMarket.enums.CommitmentStatus)[number]>, 'none'>

/** One of an interval's two books (`IEnergyMarket.BookSide`). */
export type BookSide = Uncapitalize<(typeof IEnergyMarket.enums.BookSide)[number]>

/** `IEnergyPool.Side`, in enum order: generated from the compiler's AST with the artifacts. */
export const SIDES: readonly Side[] = IEnergyPool.enums.Side.map(uncapitalize)

/** `IEnergyMarket.Phase`, in enum order. */
export const PHASES: readonly IntervalPhase[] = IEnergyMarket.enums.Phase.map(uncapitalize)

/** `IEnergyMarket.CommitmentStatus`, in enum order (`none` for an unknown id). */
export const COMMITMENT_STATUSES: readonly (CommitmentStatus | 'none')[] =
  IEnergyMarket.enums.CommitmentStatus.map(uncapitalize)

/** `IEnergyMarket.BookSide`, in enum order. */
export const BOOK_SIDES: readonly BookSide[] = IEnergyMarket.enums.BookSide.map(uncapitalize)

/** The index of the book a commitment of `side` is filed into, as the contracts number it. */
export const bookSideIndex = (side: Side): number =>
  BOOK_SIDES.indexOf(side === 'production' ? 'producers' : 'consumers')
