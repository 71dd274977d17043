// The project page: a supervisor finds a project under construction by name and opens every tab;
// each shows the project's data (not an empty or error panel), the QR code loads as an image and
// the printable notice board opens in a new window. Filtered by 预警 红色, every listed project shows
// a red tag whose count matches the open warnings on its 预警 tab.
import type { Page } from 'playwright-core'
import { defineTests, expectTrue, loginAs, openMenu, tableTexts } from './harness'

async function noError(page: Page, what: string) {
  const errors = await page.$$eval('.el-tab-pane:not([style*="display: none"]) [data-test=load-error], .el-message--error', (els) =>
    els.map((e) => (e.textContent ?? '').trim()),
  )
  expectTrue(errors.length === 0, `${what}: ${errors.join('; ')}`)
}

async function rows(page: Page, table: string): Promise<string[]> {
  const texts = await tableTexts(page, table)
  return texts.filter((t) => t && !t.includes('暂无数据'))
}

async function openTab(page: Page, label: string, marker: string) {
  await page.click(`[data-test=project-tabs] .el-tabs__item:has-text("${label}")`)
  await page.waitForSelector(`[data-test=${marker}]`, { state: 'visible' })
}

export default defineTests([
  {
    name: 'lixia finds a project by name and every tab shows its data',
    run: async (ctx) => {
      const { page } = ctx
      await loginAs(ctx, 'lixia')
      await openMenu(page, '项目')
      // A project under construction has attendance, payrolls and an account in the demo.
      await page.click('[data-test=project-status]')
      await page.click('.el-select-dropdown__item:has-text("在建")')
      await page.click('[data-test=project-filter] button:has-text("查询")')
      await page.waitForFunction(() => location.search.includes('status=under_construction'))
      const listed = await rows(page, 'project-table')
      expectTrue(listed.length > 0, 'projects under construction listed')
      const name = (await page.textContent('[data-test=project-table] .el-table__body-wrapper tr a'))!.trim()
      // Find it by (part of) its name: the URL keeps the search.
      await page.fill('[data-test=project-filter] input[placeholder="名称或编码"]', name.slice(0, 8))
      await page.click('[data-test=project-filter] button:has-text("查询")')
      await page.waitForFunction(() => new URLSearchParams(location.search).has('q'))
      const found = await rows(page, 'project-table')
      expectTrue(found.some((r) => r.includes(name)), `"${name}" found by name`)
      await page.click(`[data-test=project-table] a:has-text("${name}")`)
      await page.waitForSelector('[data-test=project-tabs]')
      expectTrue((await page.textContent('[data-test=project-name]'))!.includes(name), 'project page title')

      // 基本信息与参建单位
      await page.waitForSelector('[data-test=tab-basic]')
      expectTrue((await rows(page, 'participants')).length >= 2, 'participants listed')
      expectTrue((await rows(page, 'status-history')).length >= 1, 'lifecycle listed')
      await noError(page, 'basic')
      await ctx.screenshot('project-basic')

      await openTab(page, '五员', 'tab-staff')
      expectTrue((await rows(page, 'staff-table')).length === 5, 'five duties listed')
      await noError(page, 'staff')

      await openTab(page, '工人与合同', 'tab-workers')
      const workers = await rows(page, 'project-workers')
      expectTrue(workers.length > 0, 'workers listed')
      expectTrue(workers.some((r) => /\d{6}\*+\d{2,4}/.test(r) || r.includes('*')), 'ID numbers masked')
      expectTrue(workers.some((r) => r.includes('在场') || r.includes('已退场')), 'entry / exit shown')
      await noError(page, 'workers')
      await ctx.screenshot('project-workers')

      await openTab(page, '考勤日历', 'tab-attendance')
      await page.waitForSelector('[data-test=attendance-calendar] td .count')
      await page.click('[data-test=attendance-calendar] td:has(.count)')
      expectTrue((await rows(page, 'attendance-day')).length > 0, 'a day lists who was there')
      await page.click('[data-test=tab-attendance] button:has-text("返回工人汇总")')
      const summary = await rows(page, 'attendance-summary')
      expectTrue(summary.length > 0, 'workers summarised')
      await page.click('[data-test=attendance-summary] .el-table__body-wrapper tr')
      expectTrue((await rows(page, 'attendance-worker')).length > 0, 'a worker lists their days')
      await noError(page, 'attendance')
      await ctx.screenshot('project-attendance')

      await openTab(page, '专户与拨付', 'tab-account')
      await page.waitForSelector('[data-test=account-info]')
      expectTrue((await rows(page, 'labor-cost')).length > 0, 'labor cost by month')
      await noError(page, 'account')
      await ctx.screenshot('project-account')

      await openTab(page, '工资单与代发', 'tab-payroll')
      const payrolls = await rows(page, 'payrolls')
      expectTrue(payrolls.length > 0, 'payrolls listed')
      await page.click('[data-test=payrolls] .el-table__body-wrapper tr:has-text("已发放")')
      expectTrue((await rows(page, 'payroll-lines')).length > 0, 'payroll lines')
      await page.click('[data-test=tab-payroll] .el-tabs__item:has-text("代发批次")')
      expectTrue((await rows(page, 'pay-batches')).length > 0, 'pay batches')
      await noError(page, 'payroll')
      await ctx.screenshot('project-payroll')

      await openTab(page, '保证金', 'tab-deposit')
      await page.waitForSelector('[data-test=deposit-status]')
      const required = await page.textContent('[data-test=deposit-status]')
      expectTrue(!!required && required.includes('应存金额'), 'deposit status')
      await noError(page, 'deposit')
      await ctx.screenshot('project-deposit')

      await openTab(page, '维权公示牌', 'tab-notice')
      expectTrue((await rows(page, 'notice-items')).length > 0, 'notice board items')
      await page.waitForSelector('[data-test=notice-qr]')
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('[data-test=notice-qr]')
        return !!img && img.complete && img.naturalWidth > 0
      })
      const [popup] = await Promise.all([ctx.context.waitForEvent('page'), page.click('[data-test=notice-print]')])
      await popup.waitForFunction((n) => document.body?.innerText.includes(n), name)
      await popup.close()
      await noError(page, 'notice')
      await ctx.screenshot('project-notice')

      await openTab(page, '预警', 'tab-warnings')
      await tableTexts(page, 'project-warnings')
      await noError(page, 'warnings')
      await ctx.screenshot('project-warnings')
      // The tab is in the URL: a reload comes back to it.
      await page.reload()
      await page.waitForSelector('[data-test=tab-warnings]', { state: 'visible' })
    },
  },
  {
    name: 'lixia lists the projects whose highest open warning is red and opens one\'s warnings',
    run: async (ctx) => {
      const { page } = ctx
      await loginAs(ctx, 'lixia')
      await openMenu(page, '项目')
      await page.click('[data-test=project-warning]')
      await page.click('.el-select-dropdown__item:has-text("红色")')
      await page.click('[data-test=project-filter] button:has-text("查询")')
      await page.waitForFunction(() => location.search.includes('warning=red'))
      const listed = await rows(page, 'project-table')
      expectTrue(listed.length > 0, 'the demo has projects with red warnings')
      const levels = await page.$$eval('[data-test=project-table] .el-table__body-wrapper tr', (trs) =>
        trs.map((tr) => tr.querySelector('[data-test=project-warning-tag]')?.getAttribute('data-level') ?? ''),
      )
      expectTrue(levels.length === listed.length && levels.every((l) => l === 'red'), `every row red: ${levels.join(',')}`)
      const tag = (await page.textContent('[data-test=project-warning-tag]'))!.replace(/\s+/g, '')
      const open = Number(/^红(\d+)$/.exec(tag)?.[1])
      expectTrue(open > 0, `tag "${tag}" shows the red level and the count`)
      await ctx.screenshot('project-list-red')

      await page.click('[data-test=project-warning-tag]')
      await page.waitForSelector('[data-test=tab-warnings]', { state: 'visible' })
      expectTrue(page.url().includes('tab=warnings'), 'warnings tab in the URL')
      // The tab counts the same open warnings, a red one among them.
      await page.click('[data-test=tab-warnings] .el-checkbox:has-text("只看未消除")')
      const active = await rows(page, 'project-warnings')
      expectTrue(active.length === open, `${active.length} open warnings listed, tag says ${open}`)
      expectTrue(active.some((r) => r.startsWith('红')), 'a red warning among them')
      await noError(page, 'warnings')
    },
  },
])
