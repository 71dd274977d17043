// The labor officer registers one worker with the labor contract on its project, in the console:
// a malformed ID number is refused in place; the worker then appears in the project's list with the
// contract's employer and wage, personal data masked.
import { api, defineTests, expectTrue, loginAs, tableTexts } from './harness'

function idNumber(birth: string, sequence: number): string {
  const body = '370102' + birth + String(sequence).padStart(3, '0')
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body].reduce((s, c, i) => s + Number(c) * weights[i], 0)
  return body + '10X98765432'[sum % 11]
}

export default defineTests([
  {
    name: 'laowu registers a worker with a contract on its project',
    run: async (ctx) => {
      const { page } = ctx
      const { token, user } = await api<{ token: string; user: { enterpriseId: string } }>(ctx, 'POST', '/api/v1/auth/login', null, { username: 'laowu', password: ctx.password })
      const projects = (await api<{ items: { id: string; generalContractorId: string | null }[] }>(ctx, 'GET', '/api/v1/projects?pageSize=100&status=under_construction', token)).items
      const project = projects.find((p) => p.generalContractorId === user.enterpriseId)!
      const name = `登记测试工${String(Date.now()).slice(-3)}`
      const id = idNumber('19880412', 201 + 2 * Math.floor(Math.random() * 300))

      await loginAs(ctx, 'laowu')
      await page.goto(`${ctx.baseUrl}/projects/${project.id}`)
      await page.click('[data-test=project-tabs] .el-tabs__item:has-text("工人与合同")')
      await page.waitForSelector('[data-test=worker-register-open]', { state: 'visible' })
      await page.click('[data-test=worker-register-open]')
      await page.waitForSelector('[data-test=worker-register] [data-test=field-idNumber]')
      await page.fill('[data-test=worker-register] [data-test=field-name] input', name)
      await page.fill('[data-test=worker-register] [data-test=field-idNumber] input', '37010219880412')
      await page.click('[data-test=worker-register-submit]')
      await page.waitForSelector('[data-test=worker-register] [data-test=field-idNumber] .el-form-item__error')
      const errors = await page.$$eval('[data-test=worker-register] .el-form-item__error', (els) => els.map((e) => e.textContent?.trim()))
      expectTrue(errors.includes('身份证号应为 18 位') && errors.includes('请填写工资标准（元）'), `named in place: ${errors.join(', ')}`)

      await page.fill('[data-test=worker-register] [data-test=field-idNumber] input', id)
      await page.fill('[data-test=worker-register] [data-test=field-phone] input', '13712345678')
      await page.fill('[data-test=worker-register] [data-test=field-bankCard] input', '6222021234567890123')
      await page.fill('[data-test=worker-register] [data-test=field-bankName] input', '中国工商银行')
      await page.fill('[data-test=worker-register] [data-test=field-wageRate] input', '350')
      await ctx.screenshot('worker-register')
      await page.click('[data-test=worker-register-submit]')
      await page.waitForSelector('[data-test=worker-register]', { state: 'hidden' })
      await page.fill('[data-test=tab-workers] input[placeholder="姓名前缀"]', name)
      await page.keyboard.press('Enter')
      await page.waitForFunction((n) => [...document.querySelectorAll('[data-test=project-workers] .el-table__body-wrapper tr')].some((r) => r.textContent?.includes(n)), name)
      const rows = await tableTexts(page, 'project-workers')
      const row = rows.find((r) => r.includes(name)) ?? ''
      expectTrue(row.includes('350.00') && !row.includes(id) && !row.includes('13712345678'), `listed with its wage, personal data masked: ${row}`)

      // A new phone later: typed again, shown masked.
      const index = rows.findIndex((r) => r.includes(name))
      await page.click(`[data-test=project-workers] .el-table__body tr:nth-child(${index + 1}) [data-test=worker-edit]`)
      await page.waitForSelector('[data-test=worker-edit-dialog] input')
      await page.fill('[data-test=worker-edit-dialog] input >> nth=0', '13987654321')
      await page.click('[data-test=worker-edit-save]')
      await page.waitForSelector('[data-test=worker-edit-dialog]', { state: 'hidden' })
      await page.waitForFunction((n) => [...document.querySelectorAll('[data-test=project-workers] .el-table__body-wrapper tr')]
        .some((r) => r.textContent?.includes(n) && r.textContent?.includes('139****4321')), name)
    },
  },
])
