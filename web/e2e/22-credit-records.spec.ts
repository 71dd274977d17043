// Credit records in the console: the county supervisor records an anomaly by hand (enterprise picked,
// evidence uploaded), the enterprise finds it in 本企业信用档案 with its grade and objects, the
// supervisor revokes it with a reason; the year's grades are evaluated again (a new version beside the
// published one), one adjusted with its reason, and published; the quarter's publication reads back,
// and the public credit page shows the list and the publications without a login.
import { api, defineTests, expectTrue, loginAs, logout, openMenu, tableTexts } from './harness'

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)

export default defineTests([
  {
    name: 'an anomaly is recorded with evidence, objected to by the enterprise and revoked; grades are evaluated, adjusted and published',
    run: async (ctx) => {
      const { page } = ctx
      const { token } = await api<{ token: string }>(ctx, 'POST', '/api/v1/auth/login', null, { username: 'lixia', password: ctx.password })
      const laowu = await api<{ token: string; user: { enterpriseId: string } }>(ctx, 'POST', '/api/v1/auth/login', null, { username: 'laowu', password: ctx.password })
      const firm = await api<{ id: string; name: string; creditCode: string }>(ctx, 'GET', `/api/v1/enterprises/${laowu.user.enterpriseId}`, token)

      await loginAs(ctx, 'lixia')
      await openMenu(page, '信用异常记录')
      await page.click('[data-test=anomaly-record]')
      await page.waitForSelector('[data-test=anomaly-record-dialog] [data-test=enterprise-picker]')
      // Nothing filled: every required field named.
      await page.click('[data-test=anomaly-record-submit]')
      await page.waitForSelector('[data-test=field-fileId] .el-form-item__error')
      await page.click('[data-test=anomaly-record-dialog] [data-test=enterprise-picker]')
      await page.keyboard.type(firm.creditCode)
      await page.click(`.el-select-dropdown__item:visible:has-text("${firm.name}")`)
      await page.fill('[data-test=field-occurredOn] input', today())
      await page.keyboard.press('Enter')
      await page.fill('[data-test=anomaly-summary]', '专项检查中发现未按规定保存工资支付台账，责令改正')
      await page.setInputFiles('[data-test=anomaly-record-dialog] [data-test=file-input]', {
        name: '现场检查笔录.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
      })
      await page.waitForSelector('[data-test=anomaly-record-dialog] :text("现场检查笔录.pdf")')
      await page.click('[data-test=anomaly-record-submit]')
      await page.waitForSelector('[data-test=anomaly-record-dialog]', { state: 'hidden' })
      const rows = await tableTexts(page, 'anomaly-table')
      expectTrue(rows.some((r) => r.includes(firm.name) && r.includes('人工登记') && r.includes('有效')), `the new record listed: ${rows.slice(0, 3).join(' | ')}`)
      await logout(ctx)

      // The enterprise: its credit file with the grade and the record; it objects.
      await loginAs(ctx, 'laowu')
      await openMenu(page, '本企业信用档案')
      await page.waitForSelector('[data-test=credit-profile]')
      const grade = (await page.textContent('[data-test=profile-grade]')) ?? ''
      expectTrue(/[ABC] 级|尚未评定/.test(grade), `its grade shown: ${grade}`)
      await page.click('[data-test=anomaly-table] .el-table__body-wrapper tr:has-text("人工登记")')
      await page.waitForSelector('[data-test=anomaly-dialog] [data-test=anomaly-object]')
      await page.fill('[data-test=anomaly-text]', '工资支付台账由劳务分包单位保存，已补充提交，请予核实')
      await page.click('[data-test=anomaly-object]')
      await page.waitForSelector('[data-test=anomaly-state]:has-text("异议处理中")')
      await ctx.screenshot('credit-objection')
      await page.click('[data-test=anomaly-dialog] button:has-text("关闭")')
      await logout(ctx)

      // The supervisor revokes it, with the reason on record.
      await loginAs(ctx, 'lixia')
      await openMenu(page, '信用异常记录')
      await page.click('[data-test=anomaly-state-filter]')
      await page.click('.el-select-dropdown__item:visible:has-text("异议处理中")')
      await page.click('button:has-text("查询")')
      await page.click(`[data-test=anomaly-table] .el-table__body-wrapper tr:has-text("${firm.name}")`)
      await page.waitForSelector('[data-test=anomaly-dialog] [data-test=anomaly-revoke]')
      await page.click('[data-test=anomaly-revoke]')
      await page.waitForSelector('[data-test=anomaly-error]')  // no reason yet
      await page.fill('[data-test=anomaly-text]', '经核实台账由分包单位保存且已补交，撤销该记录')
      await page.click('[data-test=anomaly-revoke]')
      await page.waitForSelector('[data-test=anomaly-state]:has-text("已撤销")')
      await page.click('[data-test=anomaly-dialog] button:has-text("关闭")')

      // The year's grades: the demo's published evaluation, then a new version, adjusted and published.
      await openMenu(page, '守法诚信等级')
      const runs = await tableTexts(page, 'grade-runs')
      expectTrue(runs.some((r) => r.includes('已发布')), `a published evaluation: ${runs.join(' | ')}`)
      const tags = await page.$$eval('[data-test=grade-table] [data-test=grade-tag]', (els) => els.map((e) => (e.textContent ?? '').trim()))
      for (const g of ['A', 'B', 'C']) expectTrue(tags.includes(g), `grade ${g} among ${[...new Set(tags)].join(',')}`)
      await page.click('[data-test=grade-evaluate]')
      await page.waitForSelector('[data-test=grade-run-title]:has-text("待发布")')
      await page.click('[data-test=grade-table] [data-test=grade-adjust] >> nth=0')
      await page.click('[data-test=adjust-grade] label:has-text("B 级")')
      await page.fill('[data-test=adjust-reason]', '集体研究：年度内有整改不及时情形')
      await page.click('[data-test=adjust-submit]')
      await page.waitForSelector('[data-test=grade-table] :text("集体研究：年度内有整改不及时情形")')
      await ctx.screenshot('credit-grades')
      await page.click('[data-test=grade-publish]')
      await page.click('.el-message-box__btns .el-button--primary')
      await page.waitForSelector('[data-test=grade-run-title]:has-text("已发布")')

      // The quarter's publication (the demo published the quarters that have ended).
      await openMenu(page, '重大违法行为公布')
      await page.waitForSelector('[data-test=publication-title]')
      const published = await tableTexts(page, 'publication-list')
      expectTrue(published.some((r) => r.includes('公布〔')), `publications listed: ${published.join(' | ')}`)

      // The public page (no login): the list with its reasons and terms, the publications.
      await logout(ctx)
      await page.goto(`${ctx.baseUrl}/h5/credit`)
      await page.waitForSelector('[data-test=h5-blacklist] .entry')
      const board = (await page.textContent('[data-test=h5-credit]')) ?? ''
      expectTrue(board.includes('列入，期限至') && /年第 \d 季度/.test(board), `the public page: ${board.slice(0, 200)}`)
      expectTrue(!board.includes('身份证'), 'no persons on the public page')
    },
  },
])
