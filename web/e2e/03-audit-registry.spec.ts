// The audit administrator finds the writes made above; the registry pages load for a supervisor.
import { defineTests, expectTrue, loginAs, openMenu, tableTexts } from './harness'

export default defineTests([
  {
    name: 'audit admin sees the department and parameter writes and the lockout',
    run: async (ctx) => {
      const { page } = ctx
      await loginAs(ctx, 'auditor')
      await openMenu(page, '审计日志')
      const rows = await tableTexts(page, 'audit-table')
      const has = (action: string, entity: string) => rows.some((r) => r.includes(action) && r.includes(entity))
      expectTrue(has('新增', '部门'), 'department create audited')
      expectTrue(has('设置', '参数'), 'parameter set audited')
      expectTrue(has('锁定', '用户'), 'lockout audited')
      await ctx.screenshot('audit')
      // Filter by entity: only department events remain.
      await page.click('[data-test=audit-entity]')
      await page.click('.el-select-dropdown__item:has-text("部门")')
      await page.click('[data-test=audit-filter] button:has-text("查询")')
      await page.waitForFunction(() => {
        const rows = [...document.querySelectorAll('[data-test=audit-table] .el-table__body-wrapper tr')]
        return rows.length > 0 && rows.every((r) => r.textContent?.includes('部门'))
      })
    },
  },
  {
    name: 'supervisor opens projects, enterprises and workers',
    run: async (ctx) => {
      const { page } = ctx
      await loginAs(ctx, 'lixia')
      for (const [menu, table] of [['项目', 'project-table'], ['企业', 'enterprise-table'], ['工人', 'worker-table']] as const) {
        await openMenu(page, menu)
        await tableTexts(page, table)
        expectTrue((await page.$$('.el-message--error')).length === 0, `${menu}: no error`)
      }
      await openMenu(page, '项目')
      await tableTexts(page, 'project-table')
      await ctx.screenshot('projects')
    },
  },
])
