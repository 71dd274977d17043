// 系统: departments created and seen, a parameter edited (client check, then saved and shown
// with its source), users as the system and the security administrator see them, and a network
// failure answered by a retry prompt rather than a blank page.
import { defineTests, expectEqual, expectTrue, loginAs, openMenu, tableTexts } from './harness'

// scripts/e2e.sh starts every run on a fresh database.
export const DEPARTMENT_NAME = '历下区人力资源和社会保障局'

export default defineTests([
  {
    name: 'system admin creates a department and sees it in the list',
    run: async (ctx) => {
      const { page } = ctx
      await loginAs(ctx, 'admin')
      await openMenu(page, '部门')
      await page.click('[data-test=department-create]')
      await page.waitForSelector('[data-test=department-form]')
      // Client validation first: an empty name is refused in place.
      await page.fill('[data-test=department-form] input[placeholder="如 370102"]', '370102')
      await page.click('[data-test=department-save]')
      await page.waitForSelector('[data-test=department-form] .el-form-item__error:has-text("请填写部门名称")')
      await page.fill('[data-test=department-form] input[placeholder^="如 历下区"]', DEPARTMENT_NAME)
      await page.fill('[data-test=department-form] input[placeholder^="选填"]', '0531-86000000')
      await page.click('[data-test=department-save]')
      await page.waitForSelector('.el-message--success')
      const rows = await tableTexts(page, 'department-table')
      expectTrue(rows.some((r) => r.includes(DEPARTMENT_NAME) && r.includes('370102')), `new department listed: ${rows.join(' | ')}`)
      await ctx.screenshot('departments')
    },
  },
  {
    name: 'a duplicate department shows the server error in place',
    run: async (ctx) => {
      const { page } = ctx
      await loginAs(ctx, 'admin')
      await openMenu(page, '部门')
      await page.click('[data-test=department-create]')
      await page.fill('[data-test=department-form] input[placeholder="如 370102"]', '370102')
      await page.fill('[data-test=department-form] input[placeholder^="如 历下区"]', DEPARTMENT_NAME)
      await page.click('[data-test=department-save]')
      // 409 with or without field errors: either in place or as a message, never silent.
      await page.waitForSelector('[data-test=department-form] .el-form-item__error, .el-message--error', { timeout: 10000 })
    },
  },
  {
    name: 'system admin edits a parameter; bounds are checked before sending',
    run: async (ctx) => {
      const { page } = ctx
      await loginAs(ctx, 'admin')
      await openMenu(page, '参数')
      const key = 'worker.register_within_days'
      await page.click(`[data-test="parameter-edit-${key}"]`)
      await page.fill('[data-test=parameter-form] input', '999')
      await page.click('[data-test=parameter-save]')
      await page.waitForSelector('[data-test=parameter-form] .el-form-item__error:has-text("应在 0 至 365")')
      await page.fill('[data-test=parameter-form] input', '7')
      await page.click('[data-test=parameter-save]')
      await page.waitForSelector('.el-message--success')
      await page.waitForFunction(
        (k) => document.querySelector(`[data-test="parameter-value-${k}"]`)?.textContent?.trim() === '7 天',
        key,
        { timeout: 10000 },
      )
      const row = await page.textContent(`tr:has([data-test="parameter-value-${key}"])`)
      expectTrue(!!row && row.includes('本级设置'), `source shown: ${row}`)
      await ctx.screenshot('parameters')
    },
  },
  {
    name: 'system admin manages users; security actions are not shown to it',
    run: async (ctx) => {
      const { page } = ctx
      await loginAs(ctx, 'admin')
      await openMenu(page, '用户')
      const rows = await tableTexts(page, 'user-table')
      expectTrue(rows.some((r) => r.includes('lixia')), 'lixia listed')
      expectTrue(rows.every((r) => !r.includes('重置密码') && !r.includes('解锁')), 'no security actions for the system admin')
      expectTrue(rows.some((r) => r.includes('编辑')), 'edit offered')
      await ctx.screenshot('users')
    },
  },
  {
    name: 'security admin sees the locked account and unlocks it',
    run: async (ctx) => {
      const { page } = ctx
      await loginAs(ctx, 'secadmin')
      await openMenu(page, '用户')
      let rows = await tableTexts(page, 'user-table')
      const locked = rows.find((r) => r.startsWith('locked'))
      expectTrue(!!locked && locked.includes('已锁定') && locked.includes('解锁') && locked.includes('重置密码'), `locked row: ${locked}`)
      expectTrue(rows.every((r) => !r.includes('编辑')), 'no edit for the security admin')
      await page.click('[data-test=user-table] tr:has-text("locked") button:has-text("解锁")')
      await page.waitForSelector('.el-message--success')
      rows = await tableTexts(page, 'user-table')
      await page.waitForFunction(
        () => ![...document.querySelectorAll('[data-test=user-table] tr')].some((r) => r.textContent?.includes('已锁定')),
      )
      expectEqual(rows.length > 0, true, 'rows after unlock')
    },
  },
  {
    name: 'a network failure shows a retry prompt and retrying loads the page',
    run: async (ctx) => {
      const { page } = ctx
      await loginAs(ctx, 'admin')
      let failures = 1
      await page.route('**/api/v1/departments?*', (route) => (failures-- > 0 ? route.abort('connectionrefused') : route.continue()))
      await openMenu(page, '部门')
      await page.waitForSelector('.el-message-box:has-text("无法连接服务器")')
      await page.click('.el-message-box__btns .el-button--primary')
      const rows = await tableTexts(page, 'department-table')
      expectTrue(rows.some((r) => r.includes(DEPARTMENT_NAME)), 'list loaded after retry')
    },
  },
])
