// Bulk import in the console: the labor manager of a general contractor (laowu) uploads a CSV of
// workers with contracts on one of its projects — one good row, one under 16 — follows the progress
// to the counts, reads the refused row in the dialog, downloads the error report (CSV) and the
// template (XLSX); the good worker is then registered with its contract. Nothing of the demo
// province is assumed but that laowu has a project: names and ID numbers are this run's own.
import { readFileSync } from 'node:fs'
import { defineTests, expectEqual, expectTrue, loginAs, openMenu, type Ctx, api } from './harness'

// A GB 11643 ID number (valid check character) of someone born on `birth` (YYYYMMDD).
function idNumber(birth: string, sequence: number): string {
  const body = '370102' + birth + String(sequence).padStart(3, '0')
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body].reduce((s, c, i) => s + Number(c) * weights[i], 0)
  return body + '10X98765432'[sum % 11]
}

const shanghaiDate = (daysAgo: number) =>
  new Date(Date.now() + 8 * 3600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10)

export default defineTests([
  {
    name: 'laowu imports workers with one bad row and downloads the error report',
    run: async (ctx) => {
      const { page } = ctx
      const { token } = await api<{ token: string }>(ctx, 'POST', '/api/v1/auth/login', null, { username: 'laowu', password: ctx.password })
      const enterprise = (await api<{ items: { creditCode: string }[] }>(ctx, 'GET', '/api/v1/enterprises', token)).items[0]
      const project = (await api<{ items: { code: string }[] }>(ctx, 'GET', '/api/v1/projects?pageSize=1', token)).items[0]
      expectTrue(!!enterprise && !!project, 'laowu has an enterprise and a project')

      const sequence = 101 + 2 * Math.floor(Math.random() * 400)
      const adult = idNumber('19850615', sequence)
      const child = idNumber('20150101', sequence)
      const start = shanghaiDate(3)
      const csv =
        '\uFEFF姓名,身份证号,工种,项目编码,用工单位信用代码,合同开始日期,计薪方式,工资标准（元）,签订日期\r\n' +
        `导入测试工,${adult},钢筋工,${project.code},${enterprise.creditCode},${start},按日,320,${start}\r\n` +
        `童工测试,${child},钢筋工,${project.code},${enterprise.creditCode},${start},按日,320,${start}\r\n`

      await loginAs(ctx, 'laowu')
      await openMenu(page, '工人')
      await page.click('[data-test=import-open]')
      await page.waitForSelector('[data-test=import-dialog]')
      await page.setInputFiles('[data-test=import-file]', { name: '工人导入.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
      await page.click('[data-test=import-start]')
      await page.waitForSelector('[data-test=import-report-csv]', { timeout: 20000 })
      const result = (await page.textContent('[data-test=import-result]'))?.replace(/\s+/g, '') ?? ''
      expectTrue(result.includes('新增1') && result.includes('失败1'), `counts shown: ${result}`)
      const refused = (await page.textContent('[data-test=import-errors]')) ?? ''
      expectTrue(refused.includes('身份证号') && refused.includes('未满 16 周岁'), `refused row shown: ${refused}`)
      await ctx.screenshot('import')

      const [report] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=import-report-csv]')])
      const text = readFileSync(await report.path()).toString('utf8')
      expectEqual(text, '\uFEFF行号,字段,原因\r\n3,身份证号,未满 16 周岁，不得招用\r\n', 'error report CSV')

      const [template] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=import-template]')])
      const bytes = readFileSync(await template.path())
      expectEqual(bytes.subarray(0, 2).toString('latin1'), 'PK', 'template is an XLSX (zip) file')

      const found = await api<{ total: number }>(ctx, 'GET', `/api/v1/workers?idNumber=${adult}`, token)
      expectEqual(found.total, 1, 'imported worker registered')
      const none = await api<{ total: number }>(ctx, 'GET', `/api/v1/workers?idNumber=${child}`, token)
      expectEqual(none.total, 0, 'refused row wrote nothing')
    },
  },
  {
    name: 'the project page opens the attendance import; a file with wrong headers is refused by name',
    run: async (ctx) => {
      const { page } = ctx
      const { token } = await api<{ token: string }>(ctx, 'POST', '/api/v1/auth/login', null, { username: 'laowu', password: ctx.password })
      const project = (await api<{ items: { id: string }[] }>(ctx, 'GET', '/api/v1/projects?pageSize=1', token)).items[0]
      await loginAs(ctx, 'laowu')
      await page.goto(`${ctx.baseUrl}/projects/${project.id}`)
      await page.click('[data-test=import-attendance]')
      await page.waitForSelector('.el-dialog__title:has-text("导入考勤")')
      await page.setInputFiles('[data-test=import-file]', { name: '考勤.csv', mimeType: 'text/csv', buffer: Buffer.from('项目编码,姓名\r\nX,张三\r\n') })
      await page.click('[data-test=import-start]')
      const problem = (await (await page.waitForSelector('[data-test=import-problem]')).textContent()) ?? ''
      expectTrue(problem.includes('缺少必需的列：身份证号、考勤时间、进出方向') && problem.includes('无法识别的列：姓名'), `wrong headers named: ${problem}`)
    },
  },
])
