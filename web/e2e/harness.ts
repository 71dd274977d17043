// What the e2e specs share: the test list type, logins, assertions and screenshots. The runner
// (run.mjs) gives each test a fresh browser context against the running anxin binary.
import type { Browser, BrowserContext, Page } from 'playwright-core'

export interface Ctx {
  baseUrl: string
  browser: Browser
  context: BrowserContext
  page: Page
  password: string
  // Saves docs/screenshots/<name>.png when SCREENSHOTS=1.
  screenshot: (name: string) => Promise<void>
}
export interface E2eTest {
  name: string
  run: (ctx: Ctx) => Promise<void>
}
export const defineTests = (tests: E2eTest[]) => tests

export class AssertionError extends Error {}
export function expectEqual<T>(actual: T, expected: T, what: string) {
  const a = JSON.stringify(actual)
  const e = JSON.stringify(expected)
  if (a !== e) throw new AssertionError(`${what}: expected ${e}, got ${a}`)
}
export function expectTrue(condition: boolean, what: string) {
  if (!condition) throw new AssertionError(what)
}

// The demo logins scripts/e2e.sh creates (`anxin demo`, password E2E_PASSWORD) and, per role, the
// menu entries it must show and those it must never show (三员分立, scope). Other entries may come
// and go as the console grows, so the lists are not the whole menu.
interface UserSpec {
  role: string
  label: string
  menu: { must: readonly string[]; mustNot: readonly string[] }
}
const STAFF_MENU = ['首页', '项目', '企业', '工人', '案件工作台', '日通报', '部门', '参数']
const NO_ADMIN = ['用户', '审计日志']
export const USERS = {
  admin: { role: 'system-admin', label: '系统管理员', menu: { must: ['首页', '用户', '部门', '参数'], mustNot: ['审计日志'] } },
  secadmin: { role: 'security-admin', label: '安全管理员', menu: { must: ['首页', '用户'], mustNot: ['审计日志', '部门', '参数', '项目'] } },
  auditor: { role: 'audit-admin', label: '审计管理员', menu: { must: ['首页', '审计日志'], mustNot: ['用户', '部门', '参数', '项目'] } },
  jinan: { role: 'supervisor', label: '劳动监察人员', menu: { must: STAFF_MENU, mustNot: NO_ADMIN } },
  lixia: { role: 'supervisor', label: '劳动监察人员', menu: { must: STAFF_MENU, mustNot: NO_ADMIN } },
  jiefanglu: { role: 'supervisor', label: '劳动监察人员', menu: { must: STAFF_MENU, mustNot: NO_ADMIN } },
  zhujian: { role: 'industry-officer', label: '行业主管部门人员', menu: { must: STAFF_MENU, mustNot: NO_ADMIN } },
  laowu: { role: 'enterprise-user', label: '企业用户', menu: { must: ['首页', '项目', '企业', '工人', '案件工作台'], mustNot: [...NO_ADMIN, '部门', '参数', '日通报'] } },
  bank: { role: 'bank-operator', label: '银行用户', menu: { must: ['首页'], mustNot: [...NO_ADMIN, '部门', '参数', '案件工作台', '日通报'] } },
} as const satisfies Record<string, UserSpec>
export type Username = keyof typeof USERS

export async function login(ctx: Ctx, username: string, password = ctx.password) {
  const { page } = ctx
  await page.goto(ctx.baseUrl + '/login')
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', password)
  await page.click('[data-test=login-submit]')
}

export async function loginAs(ctx: Ctx, username: Username) {
  await login(ctx, username)
  await ctx.page.waitForSelector('[data-test=user-name]', { timeout: 15000 })
  await ctx.page.waitForSelector('[data-test=home]')
}

export async function menuItems(page: Page): Promise<string[]> {
  await page.waitForSelector('[data-test=side-menu] .el-menu-item')
  return page.$$eval('[data-test=side-menu] .el-menu-item', (els) => els.map((e) => (e.textContent ?? '').trim()))
}

// The text of the login notice after the next login attempt.
export async function loginNotice(page: Page): Promise<string> {
  const notice = await page.waitForSelector('[data-test=login-notice]', { timeout: 15000 })
  return (await notice.textContent())?.trim() ?? ''
}

export async function openMenu(page: Page, title: string) {
  await page.click(`[data-test=side-menu] .el-menu-item:has-text("${title}")`)
}

export async function tableTexts(page: Page, table: string): Promise<string[]> {
  await page.waitForSelector(`[data-test=${table}] .el-table__body-wrapper`)
  await page.waitForFunction((t) => !document.querySelector(`[data-test=${t}] .el-loading-mask`), table)
  return page.$$eval(`[data-test=${table}] .el-table__body-wrapper tr`, (rows) => rows.map((r) => (r.textContent ?? '').replace(/\s+/g, ' ').trim()))
}
