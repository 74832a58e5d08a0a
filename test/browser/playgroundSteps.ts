import type { Page } from 'playwright-core'

// The playground's market steps as a user clicks them: for the browser test and the docs' screenshot.

/** Clicks a market step and waits for the worker's answer. */
export async function stepClick(page: Page, id: string): Promise<void> {
  await page.click(`#${id}`)
  await page.waitForSelector('body[data-busy="false"]')
}

export async function deploy(page: Page): Promise<void> {
  await stepClick(page, 'deploy')
  await page.waitForSelector('[data-testid=addresses]')
  await page.click('#tab-button-market')
}

export async function addUser(page: Page, side: 'production' | 'consumption', collateralWei: string): Promise<void> {
  await page.fill('#collateral', collateralWei)
  await page.selectOption('#user-side', side)
  await stepClick(page, 'add-user')
}

export async function commit(
  page: Page,
  user: number,
  side: 'production' | 'consumption',
  energyWh: string,
  limit: string,
): Promise<void> {
  await page.selectOption('#commit-user', String(user))
  await page.selectOption('#commit-side', side)
  await page.fill('#commit-energy', energyWh)
  await page.fill('#commit-limit', limit)
  await stepClick(page, 'commit')
}

/** Two users, a commitment each, the keeper, the clock, the oracle and the settlement: one trade of 2,000 Wh. */
export async function tradeTwoUsers(page: Page): Promise<void> {
  await deploy(page)
  await addUser(page, 'production', '10000000000000000')
  await addUser(page, 'consumption', '10000000000000000')
  await commit(page, 0, 'production', '3000', '1000000')
  await commit(page, 1, 'consumption', '2000', '2000000')
  await stepClick(page, 'process')
  await stepClick(page, 'advance')
  await stepClick(page, 'oracle') // price 1,500,000 wei/kWh, 3,000 Wh produced, 2,000 Wh consumed
  await stepClick(page, 'settle')
}

/** Signs an order off chain for a user (its next nonce unless `nonce` is given); nothing is sent. */
export async function signOrder(
  page: Page,
  user: number,
  side: 'production' | 'consumption',
  energyWh: string,
  limit: string,
  nonce = '',
): Promise<void> {
  await page.selectOption('#order-user', String(user))
  await page.selectOption('#order-side', side)
  await page.fill('#order-energy', energyWh)
  await page.fill('#order-limit', limit)
  await page.fill('#order-nonce', nonce)
  await stepClick(page, 'sign-order')
}
