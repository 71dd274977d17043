// The county workbench end to end: a worker files a complaint on the H5 page at phone width and gets
// a tracking code; the 历下区 supervisor (lixia) finds it in the workbench's 待受理 queue, accepts
// it, and handles the case through the next-action panel — first contact, 核查, order to pay,
// payment, a refused close-as-paid (the reason shown on the conclusion), an emergency advance in
// yuan, closure; the worker's tracking page shows each step; the daily circular lists the county and
// its Excel download is a real workbook naming it. A lost connection shows a retry, not a blank page.
// Counts of the demo province are never assumed: everything is found by this run's own names.
import { readFileSync } from 'node:fs'
import { inflateRawSync } from 'node:zlib'
import type { Page } from 'playwright-core'
import { defineTests, expectEqual, expectTrue, loginAs, openMenu, tableTexts, type Ctx, api } from './harness'

const PHONE = '13712345678'

// A project of this run in a town of 历下区 (370102), so the complaint routes to lixia's county.
async function seedProject(ctx: Ctx): Promise<{ id: string; publicToken: string; name: string }> {
  const { token } = await api<{ token: string }>(ctx, 'POST', '/api/v1/auth/login', null, { username: 'lixia', password: ctx.password })
  const code = `WB-${Date.now()}`
  return api(ctx, 'POST', '/api/v1/projects', token, {
    code,
    name: `泉城佳苑${code.slice(-5)}期`,
    regionCode: '370102001',
    industry: 'housing',
    investmentType: 'government',
    address: '济南市历下区解放路 9 号',
  })
}

// The entries of a zip archive (an XLSX is one): name → bytes, stored or deflated.
function unzip(buffer: Buffer): Map<string, Buffer> {
  let eocd = buffer.length - 22
  while (eocd >= 0 && buffer.readUInt32LE(eocd) !== 0x06054b50) eocd--
  if (eocd < 0) throw new Error('not a zip archive (no end of central directory)')
  const count = buffer.readUInt16LE(eocd + 10)
  let at = buffer.readUInt32LE(eocd + 16)
  const entries = new Map<string, Buffer>()
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry')
    const method = buffer.readUInt16LE(at + 10)
    const size = buffer.readUInt32LE(at + 20)
    const nameLength = buffer.readUInt16LE(at + 28)
    const skip = nameLength + buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32)
    const local = buffer.readUInt32LE(at + 42)
    const name = buffer.subarray(at + 46, at + 46 + nameLength).toString('utf8')
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28)
    const data = buffer.subarray(start, start + size)
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data))
    at += 46 + skip
  }
  return entries
}

async function chooseOption(page: Page, field: string, option: string) {
  await page.click(`[data-test=field-${field}] .el-select`)
  await page.click(`.el-select-dropdown__item:visible:has-text("${option}")`)
}

async function chooseAction(page: Page, kind: string) {
  await page.click(`[data-test=action-${kind}]`)
  await page.waitForSelector(`[data-test=action-${kind}].is-active`)
}

async function submitAction(page: Page, expectedState: string) {
  await page.click('[data-test=action-submit]')
  await page.waitForFunction((s) => document.querySelector('[data-test=case-state]')?.textContent?.trim() === s, expectedState)
}

async function timeline(page: Page): Promise<string[]> {
  return page.$$eval('[data-test=case-step]', (els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()))
}

async function trackedSteps(phone: Page): Promise<string[]> {
  return phone.$$eval('[data-test=h5-step]', (els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()))
}

export default defineTests([
  {
    name: 'complaint at 375 px → county workbench → contact, order, payment, closure → tracking page and daily circular',
    run: async (ctx) => {
      const { page } = ctx
      const project = await seedProject(ctx)
      const employer = `泉城建安劳务${project.publicToken.slice(0, 6)}有限公司`

      // ---- the worker, on a phone ----
      const phone = await ctx.context.newPage()
      await phone.setViewportSize({ width: 375, height: 812 })
      await phone.goto(`${ctx.baseUrl}/h5/p/${project.publicToken}`)
      await phone.waitForSelector('[data-test=h5-project]')
      await phone.fill('input[name=complainantName]', '王铁柱')
      await phone.fill('input[name=phone]', PHONE)
      await phone.fill('input[name=employerName]', employer)
      await phone.fill('input[name=unpaidFrom]', '2026-07')
      await phone.fill('input[name=unpaidTo]', '2026-09')
      await phone.fill('input[name=amount]', '12,345.67')
      await phone.fill('input[name=workerCount]', '2')
      await phone.fill('textarea[name=description]', '在泉城佳苑做木工，7 月到 9 月的工资没有发放。')
      await phone.click('[data-test=h5-submit]')
      const codeEl = await phone.waitForSelector('[data-test=h5-tracking-code]', { timeout: 90000 })
      const trackingCode = (await codeEl.textContent())!.trim()
      expectTrue(/^[A-Z0-9]{6,20}$/.test(trackingCode), `tracking code shown (${trackingCode})`)
      const width = await phone.evaluate(() => document.documentElement.scrollWidth)
      expectTrue(width <= 375, `receipt fits 375 px (scrollWidth ${width})`)

      // ---- the county supervisor's workbench ----
      await loginAs(ctx, 'lixia')
      await openMenu(page, '案件工作台')
      await page.waitForSelector('[data-test=workbench]')
      await page.waitForSelector('[data-test=queue-count-pending-clues]')
      const pendingCount = Number((await page.textContent('[data-test=queue-count-pending-clues]'))!.trim())
      expectTrue(pendingCount >= 1, `待受理 counts the new clue (${pendingCount})`)
      await page.waitForSelector('[data-test=queue-count-closed]')
      await ctx.screenshot('workbench')
      await page.fill('[data-test=filter-employer] input', employer)
      await page.click('[data-test=filter-submit]')
      await page.waitForFunction(() => document.querySelectorAll('[data-test=clue-table] .el-table__body-wrapper tr').length === 1)
      const clues = await tableTexts(page, 'clue-table')
      expectEqual(clues.length, 1, 'the filter finds this run’s clue only')
      expectTrue(clues[0].includes(trackingCode) && clues[0].includes('12,345.67') && clues[0].includes('项目维权二维码'), `clue row: ${clues[0]}`)
      // The tab count follows the filter.
      await page.waitForFunction(() => document.querySelector('[data-test=queue-count-pending-clues]')?.textContent?.trim() === '1')

      // The clue page: accept → the case page.
      await page.click(`[data-test=clue-link]:has-text("${trackingCode}")`)
      await page.waitForSelector('[data-test=clue-page]')
      expectEqual((await page.textContent('[data-test=clue-amount]'))!.trim(), '12,345.67', 'amount in yuan from exact fen')
      await page.click('[data-test=clue-accept]')
      await page.click('.el-message-box__btns button:has-text("受理")')
      await page.waitForSelector('[data-test=case-page]')
      await page.waitForFunction(() => document.querySelector('[data-test=case-state]')?.textContent?.trim() === '已受理')
      expectEqual((await page.textContent('[data-test=case-claimed]'))!.trim(), '12,345.67', 'claimed amount')
      const caseNumber = (await page.textContent('[data-test=case-number]'))!.trim()
      expectTrue(caseNumber.startsWith('AX-370102-'), `case number of 历下区 (${caseNumber})`)
      await page.waitForSelector('[data-test=case-days-left]')

      // First contact: the method is checked in place before anything is sent.
      expectTrue((await page.getAttribute('[data-test=action-contact]', 'class'))!.includes('is-active'), 'first contact is the offered next action')
      const offered = await page.$$eval('[data-test=action-kinds] .el-radio-button', (els) => els.map((e) => e.textContent?.trim()))
      expectTrue(!offered.includes('办结') && !offered.includes('责令限期支付'), `only what the workflow allows now: ${offered.join(', ')}`)
      await page.click('[data-test=action-submit]')
      await page.waitForSelector('[data-test=field-method] .el-form-item__error')
      expectEqual((await page.textContent('[data-test=field-method] .el-form-item__error'))!.trim(), '请选择联系方式', 'method required')
      await chooseOption(page, 'method', '电话')
      await submitAction(page, '已联系')
      expectTrue((await timeline(page)).some((s) => s.includes('首次联系投诉人') && s.includes('电话')), 'contact in the timeline')

      await chooseAction(page, 'verify')
      await page.fill('[data-test=field-findings] textarea', '调取考勤记录与工资表，欠薪属实')
      await submitAction(page, '核查中')

      // Re-route to a town picked from the region tree, not typed (the form is the server's).
      await chooseAction(page, 'reroute')
      await page.click('[data-test=field-regionCode] .el-cascader')
      await page.click('.el-cascader-node:visible:has-text("历下区")')
      await page.click('.el-cascader-node:visible:has-text("解放路街道")')
      await page.fill('[data-test=field-reason] textarea', '按施工地点转至街道办理')
      await page.click('[data-test=action-submit]')
      await page.waitForFunction(() => [...document.querySelectorAll('[data-test=case-step]')].some((e) => e.textContent?.includes('转至属地') && e.textContent?.includes('解放路街道')))
      const rerouted = (await timeline(page)).find((s) => s.includes('转办')) ?? ''
      expectTrue(rerouted.includes('按施工地点转至街道办理') && !/\d{9}/.test(rerouted), `reroute in the timeline, places by name: ${rerouted}`)

      // Order to pay within a week.
      await chooseAction(page, 'order')
      const payBy = await page.evaluate(() => {
        const d = new Date(Date.now() + 7 * 86400000)
        return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d)
      })
      await page.fill('[data-test=field-payBy] input', payBy)
      await page.keyboard.press('Enter')
      await page.fill('[data-test=field-orderNumber] input', '历人社监令〔2026〕18号')
      await submitAction(page, '已责令限期支付')
      expectTrue((await timeline(page)).some((s) => s.includes('责令限期支付') && s.includes(payBy)), 'order with its deadline')

      await chooseAction(page, 'pay')
      await page.fill('[data-test=field-amount] input', '12,345.67')
      await submitAction(page, '支付中')

      // Close as paid: refused while no bank or worker confirmation covers the claim, said in place.
      await chooseAction(page, 'close')
      await chooseOption(page, 'conclusion', '已全额支付')
      await page.click('[data-test=action-submit]')
      await page.waitForSelector('[data-test=field-conclusion] .el-form-item__error')
      const refusal = (await page.textContent('[data-test=field-conclusion] .el-form-item__error'))!.trim()
      expectTrue(refusal.includes('12345.67') && refusal.includes('已全额支付'), `close-as-paid refusal on the conclusion: ${refusal}`)
      expectEqual((await page.textContent('[data-test=case-state]'))!.trim(), '支付中', 'still paying')

      // The emergency fund pays the workers: yuan typed, fen stored.
      await chooseAction(page, 'fund_advance')
      await page.fill('[data-test=field-amount] input', '12,345.67')
      await page.fill('[data-test=field-approver] input', '历下区人社局 张局长')
      await page.click('[data-test=action-submit]')
      await page.waitForFunction(() => [...document.querySelectorAll('[data-test=case-step]')].some((e) => e.textContent?.includes('应急周转金垫付')))
      expectEqual((await page.textContent('[data-test=case-recovered]'))!.trim(), '12,345.67', 'recovered by the advance')
      expectTrue((await timeline(page)).some((s) => s.includes('应急周转金垫付') && s.includes('12,345.67')), 'advance amount in yuan')

      await chooseAction(page, 'close')
      await chooseOption(page, 'conclusion', '应急周转金垫付')
      await submitAction(page, '已办结')
      expectEqual((await page.textContent('[data-test=case-conclusion]'))!.trim(), '应急周转金垫付', 'conclusion shown')
      const kinds = await page.$$eval('[data-test=action-kinds] .el-radio-button', (els) => els.map((e) => e.textContent?.trim()))
      expectTrue(!kinds.includes('办结') && kinds.includes('备注'), `a closed case offers no further handling: ${kinds.join(', ')}`)
      await page.evaluate(() => window.scrollTo(0, 0))
      await ctx.screenshot('case')

      // ---- the worker's tracking page shows every public step ----
      await phone.click('[data-test=h5-go-track]')
      await phone.waitForSelector('[data-test=h5-track-form]')
      await phone.fill('input[name=phone]', PHONE)
      await phone.click('[data-test=h5-track-submit]')
      await phone.waitForSelector('[data-test=h5-case-state]')
      expectEqual((await phone.textContent('[data-test=h5-case-state]'))!.trim(), '已办结', 'tracking page: closed')
      const tracked = await trackedSteps(phone)
      for (const step of ['首次联系投诉人', '核查', '责令限期支付', '支付中', '应急周转金垫付', '办结']) {
        expectTrue(tracked.some((s) => s.includes(step)), `tracking page shows ${step}: ${tracked.join(' | ')}`)
      }
      await phone.waitForSelector('[data-test=h5-confirm]')
      const trackWidth = await phone.evaluate(() => document.documentElement.scrollWidth)
      expectTrue(trackWidth <= 375, `tracking page fits 375 px (scrollWidth ${trackWidth})`)

      // ---- the case in the 已办结 queue ----
      await page.goto(`${ctx.baseUrl}/cases?queue=closed`)
      await page.waitForSelector('[data-test=case-table]')
      await page.fill('[data-test=filter-employer] input', employer)
      await page.click('[data-test=filter-submit]')
      await page.waitForFunction((n) => [...document.querySelectorAll('[data-test=case-table] .el-table__body-wrapper tr')].some((r) => r.textContent?.includes(n)), caseNumber)

      // ---- the daily circular, on screen and as Excel ----
      await openMenu(page, '日通报')
      await page.waitForSelector('[data-test=circular-county]')
      const counties = await tableTexts(page, 'circular-county')
      expectTrue(counties.some((r) => r.startsWith('历下区')), `历下区 in the circular: ${counties.join(' | ')}`)
      expectTrue(counties[counties.length - 1].startsWith('合计'), 'a total row')
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=circular-download]')])
      expectTrue(download.suggestedFilename().endsWith('.xlsx'), `an .xlsx file (${download.suggestedFilename()})`)
      const path = await download.path()
      const entries = unzip(readFileSync(path!))
      expectTrue(entries.has('xl/workbook.xml'), `a workbook: ${[...entries.keys()].join(', ')}`)
      const strings = [...entries.entries()].filter(([name]) => name.startsWith('xl/')).map(([, data]) => data.toString('utf8')).join('\n')
      for (const text of ['欠薪案件日通报', '按县区', '新增', '办结', '逾期', '追回金额(元)', '历下区', '370102']) {
        expectTrue(strings.includes(text), `the workbook contains ${text}`)
      }
      await phone.close()
    },
  },
  {
    name: 'a lost connection shows a retry in place, never a blank page',
    run: async (ctx) => {
      const { page } = ctx
      await loginAs(ctx, 'lixia')
      await page.route('**/api/v1/cases?*', (route) => route.abort('internetdisconnected'))
      await page.route('**/api/v1/clues?*', (route) => route.abort('internetdisconnected'))
      await openMenu(page, '案件工作台')
      // The client asks once whether to retry; declining leaves the page with its error and a retry.
      await page.waitForSelector('.el-message-box')
      expectTrue((await page.textContent('.el-message-box'))!.includes('无法连接服务器'), 'network prompt')
      await page.click('.el-message-box__btns button:has-text("取消")')
      await page.waitForSelector('[data-test=workbench-error]')
      // Requests that failed after the first answer may have asked again: decline those too.
      for (let i = 0; i < 10 && (await page.$('.el-message-box:visible')); i++) {
        await page.click('.el-message-box:visible .el-message-box__btns button:has-text("取消")').catch(() => {})
        await page.waitForTimeout(200)
      }
      expectTrue((await page.textContent('[data-test=workbench-error]'))!.includes('无法连接服务器'), 'error in place')
      expectTrue((await page.$('[data-test=queues]')) !== null, 'the page itself is still there')
      await page.unroute('**/api/v1/cases?*')
      await page.unroute('**/api/v1/clues?*')
      await page.click('[data-test=workbench-error] button:has-text("重试")')
      await page.waitForSelector('[data-test=clue-table]')
      expectEqual(await page.$('[data-test=workbench-error]'), null, 'error gone after the retry')
    },
  },
])
