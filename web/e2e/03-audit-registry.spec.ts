// The audit administrator finds the writes made above; the registry pages load for a supervisor and
// every scoped demo login sees the projects and workers of its scope.
import type { Page } from 'playwright-core'
import { defineTests, expectEqual, expectTrue, loginAs, openMenu, tableTexts, type Ctx } from './harness'

// The texts of one column (by its header) of an Element Plus table, in row order.
async function columnTexts(page: Page, table: string, header: string): Promise<string[]> {
  return page.$eval(
    `[data-test=${table}]`,
    (el, title) => {
      const heads = [...el.querySelectorAll('.el-table__header-wrapper th')].map((th) => (th.textContent ?? '').trim())
      const index = heads.indexOf(title)
      if (index < 0) return [`no column ${title} in ${heads.join(',')}`]
      return [...el.querySelectorAll('.el-table__body-wrapper tr')].map((tr) => (tr.children[index]?.textContent ?? '').trim())
    },
    header,
  )
}

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
  // The demo province puts projects with workers in every login's scope; each sees its own only
  // (laowu: the projects of its enterprise, wherever they are).
  ...(
    [
      ['lixia', '370102'],
      ['jiefanglu', '370102001'],
      ['jinan', '3701'],
      ['zhujian', '3701'],
      ['laowu', ''],
    ] as const
  ).map(([username, region]) => ({
    name: `${username} sees the demo projects and workers of its scope`,
    run: async (ctx: Ctx) => {
      const { page } = ctx
      await loginAs(ctx, username)
      await openMenu(page, '项目')
      const projects = await tableTexts(page, 'project-table')
      expectTrue(projects.length > 0 && !projects[0].includes('暂无数据'), `${username}: projects listed`)
      const regions = await columnTexts(page, 'project-table', '区划')
      expectEqual(regions.length, projects.length, `${username}: a 区划 cell per project`)
      const outside = regions.filter((code) => !code.startsWith(region))
      expectEqual(outside, [], `${username}: projects outside ${region || 'its enterprise'}`)
      await openMenu(page, '工人')
      const workers = await tableTexts(page, 'worker-table')
      expectTrue(workers.length > 0 && !workers[0].includes('暂无数据'), `${username}: workers listed`)
    },
  })),
])
