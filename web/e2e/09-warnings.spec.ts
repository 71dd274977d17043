// 预警: a supervisor filters red warnings, opens one and sees its evidence and lifecycle; every
// scoped login sees warnings of its own region only.
import { defineTests, expectEqual, expectTrue, loginAs, openMenu, tableTexts, type Ctx } from './harness'

export default defineTests([
  {
    name: 'lixia filters red warnings and opens one with its evidence',
    run: async (ctx) => {
      const { page } = ctx
      await loginAs(ctx, 'lixia')
      await openMenu(page, '预警')
      await tableTexts(page, 'warning-table')
      await page.click('[data-test=warning-level-filter]')
      await page.click('.el-select-dropdown__item:visible:has-text("红色")')
      await page.click('[data-test=warning-filter] button:has-text("查询")')
      await page.waitForFunction(() => new URLSearchParams(location.search).get('level') === 'red')
      const red = (await tableTexts(page, 'warning-table')).filter((r) => !r.includes('暂无数据'))
      expectTrue(red.length > 0, 'red warnings listed')
      const levels = await page.$$eval('[data-test=warning-table] .el-table__body-wrapper tr td:first-child', (tds) => tds.map((t) => t.textContent?.trim()))
      expectEqual([...new Set(levels)], ['红'], 'only red warnings')
      await ctx.screenshot('warnings')
      await page.click('[data-test=warning-table] .el-table__body-wrapper tr')
      await page.waitForSelector('[data-test=warning-drawer] [data-test=evidence]')
      expectEqual((await page.textContent('[data-test=warning-level]'))?.trim(), '红色预警', 'drawer level')
      const evidence = (await page.textContent('[data-test=evidence]')) ?? ''
      expectTrue(evidence.length > 0 && !evidence.includes('无明细'), 'evidence shown')
      await page.waitForSelector('[data-test=warning-events] .el-timeline-item')
      expectTrue((await page.textContent('[data-test=warning-events]'))!.includes('产生'), 'raised event listed')
      // Dismissing needs a reason: the form says so in place, nothing is sent.
      if (await page.$('[data-test=warning-dismiss]')) {
        await page.click('[data-test=warning-dismiss]')
        await page.waitForSelector('[data-test=warning-drawer] .el-form-item__error:has-text("理由")')
      }
      // Acknowledge: the status changes and the event is recorded.
      if (await page.$('[data-test=warning-acknowledge]')) {
        await page.fill('[data-test=warning-note]', '已电话通知总包单位')
        await page.click('[data-test=warning-acknowledge]')
        await page.waitForFunction(() => document.querySelector('[data-test=warning-status]')?.textContent?.includes('已签收'))
        await page.waitForFunction(() => document.querySelector('[data-test=warning-events]')?.textContent?.includes('已电话通知总包单位'))
      }
      await ctx.screenshot('warning-detail')
    },
  },
  // Each scoped login sees the warnings of its own projects only (region, industry, enterprise).
  ...(
    [
      ['lixia', '370102', ''],
      ['jiefanglu', '370102001', ''],
      ['jinan', '3701', ''],
      ['zhujian', '3701', 'housing'],
      ['laowu', '', ''],
    ] as const
  ).map(([username, region, industry]) => ({
    name: `${username} sees warnings of its scope only`,
    run: async (ctx: Ctx) => {
      const { page } = ctx
      await loginAs(ctx, username)
      await openMenu(page, '预警')
      const shown = (await tableTexts(page, 'warning-table')).filter((r) => !r.includes('暂无数据'))
      expectTrue(shown.length > 0, `${username}: warnings listed`)
      // What the table showed, as the server sent it, against the projects the same login may open.
      const { warnings, refused } = await page.evaluate(async () => {
        const headers = { Authorization: `Bearer ${localStorage.getItem('anxin.token')}` }
        const warnings = (await (await fetch('/api/v1/warnings?pageSize=100', { headers })).json()).items as {
          regionCode: string
          industry: string
          projectId: string
        }[]
        const refused: string[] = []
        for (const id of new Set(warnings.map((w) => w.projectId))) {
          if (!(await fetch(`/api/v1/projects/${id}`, { headers })).ok) refused.push(id)
        }
        return { warnings, refused }
      })
      expectEqual(warnings.filter((w) => !w.regionCode.startsWith(region)).map((w) => w.regionCode), [], `${username}: outside ${region}`)
      if (industry) expectEqual(warnings.filter((w) => w.industry !== industry).map((w) => w.industry), [], `${username}: other industries`)
      expectEqual(refused, [], `${username}: warnings of projects it cannot open`)
    },
  })),
])
