// The general contractor's month, in the console: laowu generates this month's payroll from the
// attendance of its own workers on one of its projects, corrects a line (a deduction needs its
// reason, said in place), submits it, records each worker's signed confirmation, approves it and
// sends it to the bank; the batch appears under 代发批次 waiting for the bank's return.
import { api, defineTests, expectEqual, expectTrue, loginAs } from './harness'

export default defineTests([
  {
    name: 'laowu generates, corrects, submits, confirms, approves and sends this month’s payroll',
    run: async (ctx) => {
      const { page } = ctx
      const { token, user } = await api<{ token: string; user: { enterpriseId: string } }>(ctx, 'POST', '/api/v1/auth/login', null, { username: 'laowu', password: ctx.password })
      const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7)
      const projects = (await api<{ items: { id: string; generalContractorId: string | null }[] }>(ctx, 'GET', '/api/v1/projects?pageSize=100&status=under_construction', token)).items
      // One of laowu's projects with an account and no payroll of its own for this month yet.
      let projectId = ''
      for (const p of projects.filter((x) => x.generalContractorId === user.enterpriseId)) {
        const view = await api<{ account: { status: string } | null }>(ctx, 'GET', `/api/v1/projects/${p.id}/account`, token)
        if (view.account?.status !== 'open') continue
        const existing = (await api<{ items: { employerId: string }[] }>(ctx, 'GET', `/api/v1/projects/${p.id}/payrolls?period=${month}`, token)).items
        if (existing.some((x) => x.employerId === user.enterpriseId)) continue
        projectId = p.id
        break
      }
      expectTrue(projectId !== '', `laowu has a project without a ${month} payroll`)

      await loginAs(ctx, 'laowu')
      await page.goto(`${ctx.baseUrl}/projects/${projectId}`)
      await page.click('[data-test=project-tabs] .el-tabs__item:has-text("工资单与代发")')
      await page.waitForSelector('[data-test=payroll-create]', { state: 'visible' })
      await page.click('[data-test=payroll-create]')
      await page.waitForSelector('[data-test=payroll-create-dialog] [data-test=field-employerId] .el-select')
      await page.waitForFunction(() => !!document.querySelector('[data-test=payroll-create-dialog] [data-test=field-employerId] .el-select__selected-item:not(.is-hidden)')?.textContent?.trim())
      await page.click('[data-test=payroll-create-submit]')
      await page.waitForSelector('[data-test=payroll-actions] [data-test=payroll-submit]')
      const title = (await page.textContent('[data-test=payroll-title]'))!
      expectTrue(title.includes(month) && title.includes('草稿'), `a draft of ${month}: ${title}`)
      const lines = await page.$$('[data-test=payroll-lines] .el-table__body-wrapper tr')
      expectTrue(lines.length >= 1, 'lines from attendance')

      // A deduction without its reason is refused in place; with one it is saved.
      await page.click('[data-test=payroll-lines] .el-table__body [data-test=line-edit] >> nth=0')
      await page.waitForSelector('[data-test=line-dialog] [data-test=field-deductions]')
      await page.fill('[data-test=line-dialog] [data-test=field-days] input', '5')
      await page.fill('[data-test=line-dialog] [data-test=field-basePay] input', '1,750')
      await page.fill('[data-test=line-dialog] [data-test=field-deductions] input', '100')
      await page.click('[data-test=line-save]')
      await page.waitForSelector('[data-test=field-deductionNote] .el-form-item__error')
      expectEqual((await page.textContent('[data-test=field-deductionNote] .el-form-item__error'))!.trim(), '有扣款时请写明原因', 'the reason is asked for')
      await page.fill('[data-test=line-dialog] [data-test=field-deductionNote] input', '借支生活费')
      await page.click('[data-test=line-save]')
      await page.waitForFunction(() => [...document.querySelectorAll('[data-test=payroll-lines] .el-table__body-wrapper tr')].some((r) => r.textContent?.includes('1,750.00') && r.textContent?.includes('100.00') && r.textContent?.includes('1,650.00')))

      // The workers who did not work this month come off the sheet (a line of no days cannot be submitted).
      for (let guard = 0; guard < 200; guard++) {
        const rows = await page.$$eval('[data-test=payroll-lines] .el-table__body tr', (trs) => trs.map((r) => r.children[2]?.textContent?.trim()))
        const idle = rows.findIndex((days, i) => i > 0 && days === '0')
        if (idle < 0) break
        await page.click(`[data-test=payroll-lines] .el-table__body tr:nth-child(${idle + 1}) [data-test=line-remove]`)
        await page.click('.el-message-box__btns button:has-text("确定")')
        await page.waitForFunction((n) => document.querySelectorAll('[data-test=payroll-lines] .el-table__body tr').length < n, rows.length)
      }
      await page.click('[data-test=payroll-submit]')
      await page.waitForSelector('[data-test=payroll-approve]')
      // Each worker confirms the line (signed sheet): the buttons go one by one.
      for (let guard = 0; guard < 200; guard++) {
        const next = await page.$('[data-test=payroll-lines] .el-table__body [data-test=line-confirm]')
        if (!next) break
        const before = (await page.$$('[data-test=payroll-lines] .el-table__body [data-test=line-confirm]')).length
        await next.click()
        await page.waitForFunction((n) => document.querySelectorAll('[data-test=payroll-lines] .el-table__body [data-test=line-confirm]').length < n, before)
      }
      await ctx.screenshot('payroll-confirmed')
      await page.click('[data-test=payroll-approve]')
      await page.click('.el-message-box__btns button:has-text("确定")')
      await page.waitForSelector('[data-test=payroll-issue]')
      expectTrue((await page.textContent('[data-test=payroll-title]'))!.includes('已审核'), 'approved')
      await page.click('[data-test=payroll-issue]')
      await page.click('.el-message-box__btns button:has-text("发起代发")')
      await page.waitForFunction(() => document.querySelector('[data-test=payroll-title]')?.textContent?.includes('发放中'))
      await page.click('[data-test=tab-payroll] .el-tabs__item:has-text("代发批次")')
      await page.waitForFunction(() => [...document.querySelectorAll('[data-test=pay-batches] .el-table__body-wrapper tr')].some((r) => r.textContent?.includes('待回盘')))
    },
  },
])
