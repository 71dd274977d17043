// What the e2e specs share: the test list type, logins, assertions and screenshots. The runner
// (run.mjs) gives each test a fresh browser context against the running anxin binary.
import { createHmac } from 'node:crypto'
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
const STAFF_MENU = ['首页', '项目', '企业', '工人', '案件工作台', '日通报', '部门', '参数', '我的消息']
const NO_ADMIN = ['用户', '审计日志']
export const USERS = {
  admin: { role: 'system-admin', label: '系统管理员', menu: { must: ['首页', '用户', '部门', '参数'], mustNot: ['审计日志'] } },
  secadmin: { role: 'security-admin', label: '安全管理员', menu: { must: ['首页', '用户'], mustNot: ['审计日志', '部门', '参数', '项目'] } },
  auditor: { role: 'audit-admin', label: '审计管理员', menu: { must: ['首页', '审计日志'], mustNot: ['用户', '部门', '参数', '项目'] } },
  jinan: { role: 'supervisor', label: '劳动监察人员', menu: { must: STAFF_MENU, mustNot: NO_ADMIN } },
  lixia: { role: 'supervisor', label: '劳动监察人员', menu: { must: STAFF_MENU, mustNot: NO_ADMIN } },
  jiefanglu: { role: 'supervisor', label: '劳动监察人员', menu: { must: STAFF_MENU, mustNot: NO_ADMIN } },
  zhujian: { role: 'industry-officer', label: '行业主管部门人员', menu: { must: STAFF_MENU, mustNot: NO_ADMIN } },
  laowu: { role: 'enterprise-user', label: '企业用户', menu: { must: ['首页', '项目', '企业', '工人', '案件工作台'], mustNot: [...NO_ADMIN, '部门', '参数', '日通报', '发送记录'] } },
  jianshe: { role: 'enterprise-user', label: '企业用户', menu: { must: ['首页', '项目'], mustNot: [...NO_ADMIN, '部门', '参数', '日通报', '我的消息'] } },
  bank: { role: 'bank-operator', label: '银行用户', menu: { must: ['首页', '代发批次', '工资专户与流水'], mustNot: [...NO_ADMIN, '部门', '参数', '案件工作台', '日通报', '项目'] } },
} as const satisfies Record<string, UserSpec>
export type Username = keyof typeof USERS

// A JSON API call as the test's own client (setting up what the browser then works on).
export async function api<T>(ctx: Ctx, method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (token) headers.Authorization = `Bearer ${token}`
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const response = await fetch(ctx.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`)
  return (text ? JSON.parse(text) : undefined) as T
}

export async function login(ctx: Ctx, username: string, password = ctx.password) {
  const { page } = ctx
  await page.goto(ctx.baseUrl + '/login')
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', password)
  await page.click('[data-test=login-submit]')
}

// ---- the administrators' second factor (TOTP, RFC 6238) ----
// What a phone's authenticator app would hold, per user, for every spec of the run (each spec is
// bundled apart, so the map lives on globalThis).
interface Authenticator {
  secret: Buffer
  lastStep: number // a code is accepted once: a second login in the same 30 s uses a recovery code
  recovery: string[]
}
const authenticators: Record<string, Authenticator> = ((globalThis as Record<string, unknown>).__anxinTotp ??= {}) as Record<
  string,
  Authenticator
>

function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const ch of text.replace(/=+$/, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(ch)
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

export function totpCode(secret: Buffer, step: number): string {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', secret).update(counter).digest()
  const offset = mac[mac.length - 1] & 0xf
  const n = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000
  return n.toString().padStart(6, '0')
}

// The code to type now: this step's, or a recovery code when this step's was already used.
export function nextSecondFactor(username: string): string {
  const a = authenticators[username]
  if (!a) throw new AssertionError(`${username} has no authenticator enrolled in this run`)
  const step = Math.floor(Date.now() / 30_000)
  if (step > a.lastStep) {
    a.lastStep = step
    return totpCode(a.secret, step)
  }
  const code = a.recovery.shift()
  if (!code) throw new AssertionError(`${username} has no recovery code left`)
  return code
}

export function forgetAuthenticator(username: string) {
  delete authenticators[username]
}

// On the security page an administrator is sent to: scan (here: read the key shown beside the QR
// code), confirm with a code, keep the recovery codes.
export async function enrolSecondFactor(ctx: Ctx, username: string): Promise<string[]> {
  const { page } = ctx
  await page.click('[data-test=totp-begin]')
  await page.waitForSelector('[data-test=totp-qr] svg')
  const secret = base32Decode(((await page.textContent('[data-test=totp-secret]')) ?? '').trim())
  const step = Math.floor(Date.now() / 30_000)
  await page.fill('input[name=totpCode]', totpCode(secret, step))
  await page.click('[data-test=totp-activate]')
  await page.waitForSelector('[data-test=recovery-codes] li')
  const recovery = await page.$$eval('[data-test=recovery-codes] li', (els) => els.map((e) => (e.textContent ?? '').trim()))
  authenticators[username] = { secret, lastStep: step, recovery: [...recovery] }
  return recovery
}

// Through the user menu, confirmed, back on the login page.
export async function logout(ctx: Ctx) {
  const { page } = ctx
  await page.click('[data-test=user-menu]')
  await page.click('[data-test=logout]')
  await page.click('.el-message-box__btns .el-button--primary')
  await page.waitForSelector('[data-test=login-submit]')
}

export async function loginAs(ctx: Ctx, username: Username) {
  const { page } = ctx
  await login(ctx, username)
  // The home page, the second-factor step of the login, or the security page an administrator
  // without a second factor is sent to.
  await page.waitForSelector('[data-test=home], [data-test=otp-input], [data-test=security-required]', { timeout: 15000 })
  if (await page.$('[data-test=otp-input]')) {
    await page.fill('input[name=otp]', nextSecondFactor(username))
    await page.click('[data-test=login-submit]')
  } else if (await page.$('[data-test=security-required]')) {
    await enrolSecondFactor(ctx, username)
    await page.click('[data-test=totp-done]')
  }
  await page.waitForSelector('[data-test=user-name]', { timeout: 15000 })
  await page.waitForSelector('[data-test=home]')
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
