// The working-day calendar runs out each year until the State Council's notice is loaded: the system
// administrator sees the coverage (and, from November, the warning on the home page), pastes the
// notice's dates, checks them read back as days, and loads the year.
import { defineTests, expectTrue, loginAs, openMenu, tableTexts } from './harness'

export default defineTests([
  {
    name: 'the administrator loads next year’s holidays from the notice',
    run: async (ctx) => {
      const { page } = ctx
      await loginAs(ctx, 'admin')
      const shanghai = new Date(Date.now() + 8 * 3600_000)
      await openMenu(page, '节假日安排')
      await page.waitForSelector('[data-test=calendar-coverage]')
      const coverage = (await page.textContent('[data-test=calendar-coverage]')) ?? ''
      const last = Number(/–(\d{4}) 年/.exec(coverage)?.[1])
      expectTrue(last >= 2026, `coverage read: ${coverage}`)
      const next = last + 1
      if (shanghai.getUTCMonth() >= 10 && last <= shanghai.getUTCFullYear()) {
        expectTrue(((await page.textContent('[data-test=calendar-page-warning]')) ?? '').includes(`${next} 年的节假日安排尚未载入`), 'the page warns')
      }

      await page.fill('[data-test=field-year] input', String(next))
      await page.keyboard.press('Tab')
      await page.fill('[data-test=field-holidays] textarea', '1月1日至3日、2月5日至11日')
      await page.fill('[data-test=field-source] input', `国务院办公厅关于 ${next} 年部分节假日安排的通知（演示）`)
      const read = (await page.textContent('[data-test=field-holidays]')) ?? ''
      expectTrue(read.includes('识别为 10 天'), `the pasted ranges read back as days: ${read}`)
      await ctx.screenshot('calendar')
      await page.click('[data-test=calendar-submit]')
      await page.click('.el-message-box__btns button:has-text("载入")')
      await page.waitForFunction((y) => [...document.querySelectorAll('[data-test=calendar-loaded] .el-table__body-wrapper tr')].some((r) => r.textContent?.includes(String(y))), next)
      const rows = await tableTexts(page, 'calendar-loaded')
      expectTrue(rows.some((r) => r.includes(String(next)) && r.includes('10 天 / 0 天') && r.includes('系统管理员')), `loaded, by name: ${rows.join(' | ')}`)
      expectTrue(((await page.textContent('[data-test=calendar-coverage]')) ?? '').includes(`–${next} 年`), 'coverage now reaches it')
    },
  },
])
