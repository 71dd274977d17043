// The general contractor's labor officer (laowu) reports a month's output value in the console: the
// project's 专户与拨付 tab offers the forms its party may use (the general contractor: 填报月度产值 and
// filing, never the construction unit's 登记人工费拨付), refuses a bad amount in place, and the month's
// row shows the figure at once; a supervisor sees the same tab without any of these buttons.
import { api, defineTests, expectEqual, expectTrue, loginAs, logout } from './harness'

export default defineTests([
  {
    name: 'laowu reports the month’s output value on its project; the supervisor only reads',
    run: async (ctx) => {
      const { page } = ctx
      const { token, user } = await api<{ token: string; user: { enterpriseId: string } }>(ctx, 'POST', '/api/v1/auth/login', null, { username: 'laowu', password: ctx.password })
      const projects = (await api<{ items: { id: string; generalContractorId: string | null; status: string }[] }>(ctx, 'GET', '/api/v1/projects?pageSize=100&status=under_construction', token)).items
      const project = projects.find((p) => p.generalContractorId === user.enterpriseId)
      expectTrue(!!project, 'laowu is the general contractor of a project under construction')

      await loginAs(ctx, 'laowu')
      await page.goto(`${ctx.baseUrl}/projects/${project!.id}`)
      await page.click('[data-test=project-tabs] .el-tabs__item:has-text("专户与拨付")')
      await page.waitForSelector('[data-test=tab-account]', { state: 'visible' })
      await page.waitForSelector('[data-test=output-open]')
      expectEqual(await page.$('[data-test=allocation-open]'), null, 'the general contractor does not record the construction unit’s allocations')

      await page.click('[data-test=output-open]')
      await page.waitForSelector('[data-test=account-dialog] [data-test=field-outputValue]')
      await page.fill('[data-test=field-outputValue] input', '12.345')
      await page.click('[data-test=account-dialog-submit]')
      await page.waitForSelector('[data-test=field-outputValue] .el-form-item__error')
      expectEqual((await page.textContent('[data-test=field-outputValue] .el-form-item__error'))!.trim(), '金额格式不正确（元，最多两位小数）', 'bad amount named in place')
      await page.fill('[data-test=field-outputValue] input', '1,234,567.89')
      await ctx.screenshot('account-output-value')
      await page.click('[data-test=account-dialog-submit]')
      const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7)
      await page.waitForFunction((m) => [...document.querySelectorAll('[data-test=labor-cost] .el-table__body-wrapper tr')]
        .some((r) => r.textContent?.includes(m) && r.textContent?.includes('1,234,567.89')), month)

      await logout(ctx)
      await loginAs(ctx, 'lixia')
      await page.goto(`${ctx.baseUrl}/projects/${project!.id}`)
      await page.click('[data-test=project-tabs] .el-tabs__item:has-text("专户与拨付")')
      await page.waitForSelector('[data-test=labor-cost]', { state: 'visible' })
      const buttons = await page.$$('[data-test=account-actions] button')
      expectEqual(buttons.length, 0, 'a supervisor reads the account, the parties write it')
    },
  },
  {
    name: 'laowu lodges a bank guarantee for the wage deposit; only the supervisor may use it',
    run: async (ctx) => {
      const { page } = ctx
      const { token, user } = await api<{ token: string; user: { enterpriseId: string } }>(ctx, 'POST', '/api/v1/auth/login', null, { username: 'laowu', password: ctx.password })
      const projects = (await api<{ items: { id: string; generalContractorId: string | null }[] }>(ctx, 'GET', '/api/v1/projects?pageSize=100&status=under_construction', token)).items
      const project = projects.find((p) => p.generalContractorId === user.enterpriseId)!
      const number = `BH-E2E-${Date.now()}`

      await loginAs(ctx, 'laowu')
      await page.goto(`${ctx.baseUrl}/projects/${project.id}`)
      await page.click('[data-test=project-tabs] .el-tabs__item:has-text("保证金")')
      await page.waitForSelector('[data-test=deposit-lodge]', { state: 'visible' })
      expectEqual(await page.$('[data-test=deposit-use]'), null, 'the contractor cannot use its own deposit')
      await page.click('[data-test=deposit-lodge]')
      await page.waitForSelector('[data-test=deposit-dialog] [data-test=field-issuer]')
      await page.click('[data-test=deposit-dialog-submit]')
      await page.waitForSelector('[data-test=field-issuer] .el-form-item__error')
      const missing = await page.$$eval('[data-test=deposit-dialog] .el-form-item__error', (els) => els.map((e) => e.textContent?.trim()))
      expectTrue(missing.includes('请填写出具机构') && missing.includes('保函、保单须填写有效期'), `named in place: ${missing.join(', ')}`)
      await page.fill('[data-test=field-issuer] input', '中国工商银行济南分行')
      await page.fill('[data-test=field-number] input', number)
      await page.fill('[data-test=field-amount] input', '9,000,000')
      const validTo = new Date(Date.now() + 8 * 3600_000 + 3650 * 86_400_000).toISOString().slice(0, 10)
      await page.fill('[data-test=field-validTo] input >> nth=1', validTo)
      await page.keyboard.press('Enter')
      await ctx.screenshot('deposit-lodge')
      await page.click('[data-test=deposit-dialog-submit]')
      await page.waitForFunction((n) => [...document.querySelectorAll('[data-test=deposit-instruments] .el-table__body-wrapper tr')]
        .some((r) => r.textContent?.includes(n) && r.textContent?.includes('9,000,000.00')), number)

      await logout(ctx)
      await loginAs(ctx, 'lixia')
      await page.goto(`${ctx.baseUrl}/projects/${project.id}`)
      await page.click('[data-test=project-tabs] .el-tabs__item:has-text("保证金")')
      await page.waitForSelector('[data-test=deposit-use]', { state: 'visible' })
    },
  },
])
