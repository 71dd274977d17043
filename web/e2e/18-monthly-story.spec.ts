// One month of a project, every party in the console, from a fresh demo (issue 13's story):
//  1. the general contractor's labor officer (laowu) enters a project, names its construction unit
//     (jianshe) by credit code, opens the dedicated account, registers two workers with contracts and
//     imports their attendance;
//  2. the construction unit records the month's labor-cost allocation;
//  3. laowu enters and confirms the month's payroll and sends the batch to the bank;
//  4. the bank downloads the batch and uploads a return file with one failed payment;
//  5. the supervisor (lixia) sees the failed payment's warning, registers the worker's walk-in
//     complaint, sets it red, has the city's leader (jinan) take it, attaches the order as a file
//     (and downloads it back); jinan finds it in 我包案的 and in the inbox;
//  6. laowu re-issues the failed payment, the bank returns it paid, and lixia closes the case as paid
//     in full and records the worker's satisfaction at the call-back.
// The tests run in order and share what the earlier ones made.
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { api, defineTests, expectEqual, expectTrue, loginAs, logout, openMenu, tableTexts, type Ctx } from './harness'

const serial = String(Date.now()).slice(-6)
const shanghai = () => new Date(Date.now() + 8 * 3600_000).toISOString() // "YYYY-MM-DDTHH:mm:ss.sssZ" in Shanghai time
const today = () => shanghai().slice(0, 10)
// The day the workers worked: yesterday in Shanghai, a full day of 07:30–17:30 already past (a day
// counts for pay over 4 hours); the month of the payroll and the complaint is that day's.
const workday = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10)
const period = workday.slice(0, 7)

function idNumber(birth: string, sequence: number): string {
  const body = '370102' + birth + String(sequence).padStart(3, '0')
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body].reduce((s, c, i) => s + Number(c) * weights[i], 0)
  return body + '10X98765432'[sum % 11]
}

const story = {
  projectId: '',
  projectName: `泉城月度故事项目${serial}`,
  projectCode: `E2E-M-${serial}`,
  workers: [
    { name: `故事工甲${serial.slice(-3)}`, id: idNumber('19860315', 301 + 2 * Math.floor(Math.random() * 300)), phone: '13700001111', card: '6222020000011112222' },
    { name: `故事工乙${serial.slice(-3)}`, id: idNumber('19900621', 303 + 2 * Math.floor(Math.random() * 300)), phone: '13700002222', card: '6222020000033334444' },
  ],
  failedAmount: 0,
  caseId: '',
}

async function chooseOption(page: Page, field: string, option: string) {
  await page.click(`${field} .el-select`)
  await page.click(`.el-select-dropdown__item:visible:has-text("${option}")`)
}

async function openProjectTab(ctx: Ctx, tab: string) {
  const { page } = ctx
  await page.goto(`${ctx.baseUrl}/projects/${story.projectId}`)
  await page.waitForSelector('[data-test=project-tabs]')
  await page.click(`[data-test=project-tabs] .el-tabs__item:has-text("${tab}")`)
}

async function bankReturn(ctx: Ctx, failName: string | null) {
  const { page } = ctx
  const { token } = await api<{ token: string }>(ctx, 'POST', '/api/v1/auth/login', null, { username: 'bank', password: ctx.password })
  await loginAs(ctx, 'bank')
  await openMenu(page, '代发批次')
  await page.waitForFunction((name) => [...document.querySelectorAll('[data-test=batch-link]')].some((e) => e.textContent?.includes(name)), story.projectName)
  const batches = (await api<{ items: { id: string; projectId: string; status: string }[] }>(ctx, 'GET', '/api/v1/pay-batches?status=issued', token)).items
  const batch = batches.find((b) => b.projectId === story.projectId)
  expectTrue(!!batch, 'the project’s batch waits for the bank')
  await page.click(`.el-table__body [data-test=batch-link]:has-text("${story.projectName}")`)
  await page.waitForSelector('[data-test=batch-lines]')
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=download-csv]')])
  const file = readFileSync((await download.path())!, 'utf8')
  const detail = await api<{ lines: { reference: string; payeeName: string; amount: number }[] }>(ctx, 'GET', `/api/v1/pay-batches/${batch!.id}`, token)
  for (const line of detail.lines) expectTrue(file.includes(line.reference), `the bank file has ${line.reference}`)
  const rows = detail.lines.map((l, i) => l.payeeName === failName
    ? `${l.reference},失败,户名与卡号不符,${today()},`
    : `${l.reference},成功,,${today()},BK${serial}${i}`)
  const failed = detail.lines.find((l) => l.payeeName === failName)
  if (failed) story.failedAmount = failed.amount
  const csv = '参考号,状态,失败原因,处理日期,银行流水号\r\n' + rows.join('\r\n') + '\r\n'
  await page.setInputFiles('[data-test=return-file]', { name: '回盘.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await page.click('.el-message-box__btns button:has-text("上传")')
  await page.waitForFunction(() => document.querySelector('[data-test=batch-status-tag]')?.textContent?.trim() === '已回盘')
  await logout(ctx)
}

export default defineTests([
  {
    name: 'story 1: laowu enters a project with its construction unit, opens the account, registers two workers and imports attendance',
    run: async (ctx) => {
      const { page } = ctx
      // The construction unit's public credit code, as laowu would have it from the contract.
      const { token: cuToken, user: cu } = await api<{ token: string; user: { enterpriseId: string } }>(ctx, 'POST', '/api/v1/auth/login', null, { username: 'jianshe', password: ctx.password })
      const cuEnterprise = await api<{ name: string; creditCode: string }>(ctx, 'GET', `/api/v1/enterprises/${cu.enterpriseId}`, cuToken)

      await loginAs(ctx, 'laowu')
      await openMenu(page, '项目')
      await page.click('[data-test=project-create]')
      await page.waitForSelector('[data-test=project-form] [data-test=field-code]')
      await page.fill('[data-test=project-form] [data-test=field-code] input', story.projectCode)
      await page.fill('[data-test=project-form] [data-test=field-name] input', story.projectName)
      await page.click('[data-test=project-form] [data-test=field-regionCode] .el-cascader')
      await page.click('.el-cascader-node:visible:has-text("济南市")')
      await page.click('.el-cascader-node:visible:has-text("历下区")')
      await page.click('.el-cascader-node:visible:has-text("解放路街道")')
      await page.fill('[data-test=project-form] [data-test=field-contractPrice] input', '8,000,000')
      await page.fill('[data-test=project-form] [data-test=field-laborCostRatio] input', '20')
      await page.fill('[data-test=project-form] [data-test=field-permitNumber] input', `3701022026${serial}01`)
      await page.fill('[data-test=project-form] [data-test=field-permitOn] input', today())
      await page.keyboard.press('Enter')
      await page.click('[data-test=project-form-submit]')
      await page.waitForSelector('[data-test=project-tabs]')
      story.projectId = page.url().split('/projects/')[1]!.split(/[?#]/)[0]!
      expectTrue(story.projectId.length > 10, `on the new project's page (${page.url()})`)

      // Under construction from today.
      await page.click('[data-test=status-change]')
      await page.waitForSelector('[data-test=status-dialog]')
      const statuses = await page.$$eval('[data-test=status-dialog] .el-radio', (els) => els.map((e) => e.textContent?.trim() ?? ''))
      if (!statuses.includes('在建')) {
        await page.click('[data-test=status-dialog] .el-radio:has-text("施工许可")')
        await page.fill('[data-test=status-dialog] textarea', '取得施工许可证')
        await page.click('[data-test=status-save]')
        await page.waitForSelector('[data-test=status-dialog]', { state: 'hidden' })
        await page.click('[data-test=status-change]')
        await page.waitForSelector('[data-test=status-dialog]')
      }
      await page.click('[data-test=status-dialog] .el-radio:has-text("在建")')
      await page.fill('[data-test=status-dialog] textarea', '开工')
      await page.click('[data-test=status-save]')
      await page.waitForSelector('[data-test=status-dialog]', { state: 'hidden' })

      // The construction unit, found by its credit code.
      await page.click('[data-test=participants-edit]')
      await page.waitForSelector('[data-test=participants-dialog] .part-row')
      await page.click('[data-test=participant-add]')
      const row = '[data-test=participants-dialog] .part-row >> nth=-1'
      await page.click(`${row} >> [data-test=enterprise-picker]`)
      await page.keyboard.type(cuEnterprise.creditCode)
      await page.click(`.el-select-dropdown__item:visible:has-text("${cuEnterprise.name}")`)
      await page.click(`${row} >> .el-select >> nth=1`)
      await page.click('.el-select-dropdown__item:visible:has-text("建设单位")')
      await page.click('[data-test=participants-save]')
      await page.waitForSelector('[data-test=participants-dialog]', { state: 'hidden' })
      const parties = await tableTexts(page, 'participants')
      expectTrue(parties.some((r) => r.includes(cuEnterprise.name) && r.includes('建设单位')), `the construction unit takes part: ${parties.join(' | ')}`)

      // The dedicated account at ICBC.
      await page.click('[data-test=project-tabs] .el-tabs__item:has-text("专户与拨付")')
      await page.waitForSelector('[data-test=account-open]', { state: 'visible' })
      await page.click('[data-test=account-open]')
      await page.waitForSelector('[data-test=account-dialog] [data-test=field-accountNumber]')
      await page.fill('[data-test=field-accountNumber] input', `16021${serial}0001`)
      await page.click('[data-test=account-dialog-submit]')
      await page.waitForSelector('[data-test=account-open]', { state: 'detached' })
      // Filed with the bank, the signed tripartite agreement scanned and uploaded.
      await page.click('[data-test=account-file]')
      await page.waitForSelector('[data-test=account-dialog] [data-test=field-agreementFile]')
      await page.fill('[data-test=field-agreementRef] input', `SF-${serial}`)
      for (const field of ['agreementSignedOn', 'filedOn']) {
        await page.fill(`[data-test=field-${field}] input`, today())
        await page.keyboard.press('Enter')
      }
      const agreement = Buffer.from(`%PDF-1.4\n% 三方协议 ${serial}\n%%EOF\n`)
      await page.setInputFiles('[data-test=account-dialog] [data-test=file-input]', { name: '三方协议.pdf', mimeType: 'application/pdf', buffer: agreement })
      await page.waitForSelector('[data-test=account-dialog] [data-test=uploaded-file]:has-text("三方协议.pdf")')
      await page.click('[data-test=account-dialog-submit]')
      await page.waitForSelector('[data-test=agreement-download]')
      const [scan] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=agreement-download]')])
      expectTrue(readFileSync((await scan.path())!).equals(agreement), 'the agreement’s scan comes back as uploaded')

      // The notice board's photo on site.
      await page.click('[data-test=project-tabs] .el-tabs__item:has-text("维权公示牌")')
      await page.waitForSelector('[data-test=notice-photo-upload]', { state: 'visible' })
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
      await page.setInputFiles('[data-test=notice-photo-input]', { name: '告示牌.png', mimeType: 'image/png', buffer: png })
      await page.waitForSelector('[data-test=notice-photo] img')
      expectTrue(((await page.textContent('[data-test=notice-photo]')) ?? '').includes('劳资专管员 上传于'), 'who put the photo up (by name), and when')
      await ctx.screenshot('story-notice-photo')

      // Two workers with their contracts.
      await page.click('[data-test=project-tabs] .el-tabs__item:has-text("工人与合同")')
      for (const w of story.workers) {
        await page.waitForSelector('[data-test=worker-register-open]', { state: 'visible' })
        await page.click('[data-test=worker-register-open]')
        await page.waitForSelector('[data-test=worker-register] [data-test=field-idNumber]')
        await page.fill('[data-test=worker-register] [data-test=field-name] input', w.name)
        await page.fill('[data-test=worker-register] [data-test=field-idNumber] input', w.id)
        await page.fill('[data-test=worker-register] [data-test=field-phone] input', w.phone)
        await page.fill('[data-test=worker-register] [data-test=field-bankCard] input', w.card)
        await page.fill('[data-test=worker-register] [data-test=field-bankName] input', '中国工商银行')
        await page.fill('[data-test=worker-register] [data-test=field-wageRate] input', '350')
        // The contract runs from the first of the month they work in.
        for (const label of ['签订日期', '开始日期']) {
          await page.fill(`[data-test=worker-register] .el-form-item:has-text("${label}") input`, `${period}-01`)
          await page.keyboard.press('Enter')
        }
        await page.click('[data-test=worker-register-submit]')
        await page.waitForSelector('[data-test=worker-register]', { state: 'hidden' })
      }
      await page.waitForFunction((names) => names.every((n) => [...document.querySelectorAll('[data-test=project-workers] .el-table__body-wrapper tr')].some((r) => r.textContent?.includes(n))),
        story.workers.map((w) => w.name))

      // Yesterday's gate records, imported from the device's export.
      const csv = '项目编码,身份证号,考勤时间,进出方向\r\n' + story.workers
        .map((w) => `${story.projectCode},${w.id},${workday} 07:30:00,进\r\n${story.projectCode},${w.id},${workday} 17:30:00,出`).join('\r\n') + '\r\n'
      await page.click('[data-test=import-attendance]')
      await page.waitForSelector('[data-test=import-dialog]')
      await page.setInputFiles('[data-test=import-file]', { name: '考勤.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
      await page.click('[data-test=import-start]')
      await page.waitForFunction(() => [...document.querySelectorAll('[data-test=import-dialog] p.muted')].some((p) => /^4 \/ 4 行$/.test(p.textContent?.trim() ?? '')), null, { timeout: 20000 })
      const result = (await page.textContent('[data-test=import-result]'))?.replace(/\s+/g, '') ?? ''
      expectTrue(result.includes('新增4') && result.includes('失败0'), `four punches imported: ${result}`)
      await ctx.screenshot('story-project')
    },
  },
  {
    name: 'story 2: the construction unit records the month’s labor-cost allocation',
    run: async (ctx) => {
      const { page } = ctx
      await loginAs(ctx, 'jianshe')
      await openProjectTab(ctx, '专户与拨付')
      await page.waitForSelector('[data-test=allocation-open]', { state: 'visible' })
      expectEqual(await page.$('[data-test=account-open]'), null, 'the construction unit does not open the general contractor’s account')
      await page.click('[data-test=allocation-open]')
      await page.waitForSelector('[data-test=account-dialog] [data-test=field-amount]')
      await page.fill('[data-test=account-dialog] [data-test=field-period] input', period)
      await page.keyboard.press('Enter')
      await page.fill('[data-test=account-dialog] [data-test=field-amount] input', '16,000')
      await ctx.screenshot('story-allocation')
      await page.click('[data-test=account-dialog-submit]')
      await page.waitForSelector('[data-test=account-dialog] [data-test=field-amount]', { state: 'hidden' })
      await page.waitForFunction((m) => [...document.querySelectorAll('[data-test=tab-account] tr')].some((r) => r.textContent?.includes(m) && r.textContent?.includes('16,000.00')), period)
    },
  },
  {
    name: 'story 3: laowu enters, confirms, approves the month’s payroll and sends it to the bank',
    run: async (ctx) => {
      const { page } = ctx
      await loginAs(ctx, 'laowu')
      await openProjectTab(ctx, '工资单与代发')
      await page.waitForSelector('[data-test=payroll-create]', { state: 'visible' })
      await page.click('[data-test=payroll-create]')
      await page.waitForSelector('[data-test=payroll-create-dialog] [data-test=field-employerId] .el-select')
      await page.waitForFunction(() => !!document.querySelector('[data-test=payroll-create-dialog] [data-test=field-employerId] .el-select__selected-item:not(.is-hidden)')?.textContent?.trim())
      await page.fill('[data-test=payroll-create-dialog] [data-test=field-period] input', period)
      await page.keyboard.press('Enter')
      await page.click('[data-test=payroll-create-submit]')
      await page.waitForSelector('[data-test=payroll-actions] [data-test=payroll-submit]')
      const lines = await tableTexts(page, 'payroll-lines')
      for (const w of story.workers) expectTrue(lines.some((r) => r.includes(w.name) && r.includes('350.00')), `${w.name}: a day at 350.00 from attendance (${lines.join(' | ')})`)
      await page.click('[data-test=payroll-submit]')
      await page.waitForSelector('[data-test=payroll-approve]')
      for (let guard = 0; guard < 10; guard++) {
        const next = await page.$('[data-test=payroll-lines] .el-table__body [data-test=line-confirm]')
        if (!next) break
        const before = (await page.$$('[data-test=payroll-lines] .el-table__body [data-test=line-confirm]')).length
        await next.click()
        await page.waitForFunction((n) => document.querySelectorAll('[data-test=payroll-lines] .el-table__body [data-test=line-confirm]').length < n, before)
      }
      await page.click('[data-test=payroll-approve]')
      await page.click('.el-message-box__btns button:has-text("确定")')
      await page.waitForSelector('[data-test=payroll-issue]')
      await page.click('[data-test=payroll-issue]')
      await page.click('.el-message-box__btns button:has-text("发起代发")')
      await page.waitForFunction(() => document.querySelector('[data-test=payroll-title]')?.textContent?.includes('发放中'))
    },
  },
  {
    name: 'story 4: the bank downloads the batch and returns it with one failed payment',
    run: async (ctx) => {
      await bankReturn(ctx, story.workers[0]!.name)
      expectEqual(story.failedAmount, 35000, 'the failed payment is the first worker’s 350.00')
    },
  },
  {
    name: 'story 5: lixia sees the failed payment’s warning, registers the walk-in complaint, sets it red, has a leader take it and attaches the order',
    run: async (ctx) => {
      const { page } = ctx
      const worker = story.workers[0]!
      await loginAs(ctx, 'lixia')
      // The live evaluation picks the returned batch up within seconds.
      const deadline = Date.now() + 90_000
      for (;;) {
        await page.goto(`${ctx.baseUrl}/warnings?projectId=${story.projectId}`)
        await page.waitForSelector('[data-test=warning-table], .el-table')
        await page.waitForFunction(() => !document.querySelector('.el-loading-mask'))
        const text = (await page.textContent('.el-table__body-wrapper')) ?? ''
        if (text.includes('代发失败未重发')) break
        expectTrue(Date.now() < deadline, `the failed payment’s warning appears for ${story.projectName}: ${text.slice(0, 200)}`)
        await page.waitForTimeout(3000)
      }
      await ctx.screenshot('story-warning')

      // The worker walks in.
      await openMenu(page, '案件工作台')
      await page.click('[data-test=clue-register-open]')
      await page.waitForSelector('[data-test=clue-register]')
      await page.fill('[data-test=field-complainantName] input', worker.name)
      await page.fill('[data-test=field-idNumber] input', worker.id)
      await page.fill('[data-test=field-phone] input', worker.phone)
      await page.click('[data-test=field-projectId] .el-select')
      await page.keyboard.type(story.projectName)
      await page.click(`.el-select-dropdown__item:visible:has-text("${story.projectName}")`)
      await page.fill('[data-test=field-employerName] input', '总承包单位')
      await page.fill('[data-test=field-unpaidFrom] input', period)
      await page.keyboard.press('Enter')
      await page.fill('[data-test=field-unpaidTo] input', period)
      await page.keyboard.press('Enter')
      await page.fill('[data-test=field-amount] input', '350')
      await page.fill('[data-test=field-description] textarea', '本月工资银行代发失败，至今未到账，来访反映')
      await page.click('[data-test=clue-register-submit]')
      await page.waitForSelector('[data-test=clue-page]')
      await page.click('[data-test=clue-accept]')
      await page.click('.el-message-box__btns button:has-text("受理")')
      await page.waitForSelector('[data-test=case-page]')
      await page.waitForFunction(() => document.querySelector('[data-test=case-state]')?.textContent?.trim() === '已受理')
      story.caseId = page.url().split('/cases/')[1]!.split(/[?#]/)[0]!

      // 一诉全查: the bank pay system is the problem, with its warning.
      await page.click('[data-test=full-check-run]')
      await page.waitForSelector('[data-test=check-bankpay]')
      expectEqual((await page.textContent('[data-test=check-bankpay]'))!.trim(), '有问题', 'bank pay flagged')
      expectTrue(((await page.textContent('[data-test=full-check-rows]')) ?? '').includes('PAY-07'), 'PAY-07 listed under bank pay')
      await page.locator('[data-test=full-check]').scrollIntoViewIfNeeded()
      await ctx.screenshot('story-full-check')
      await page.evaluate(() => window.scrollTo(0, 0))

      // Red, with a reason.
      await page.click('[data-test=action-key_grade]')
      await chooseOption(page, '[data-test=field-grade]', '红色（重点督办）')
      await page.fill('[data-test=field-reason] textarea', '工资代发失败，群众来访')
      await page.click('[data-test=action-submit]')
      await page.waitForFunction(() => document.querySelector('[data-test=case-header]')?.textContent?.includes('红色重点'))

      // The city's leader takes the case.
      await page.click('[data-test=action-leader_assign]')
      await page.click('[data-test=field-leaderId] .el-select')
      await page.click('.el-select-dropdown__item:visible:has-text("济南市人社局")')
      await page.click('[data-test=action-submit]')
      await page.waitForFunction(() => document.querySelector('[data-test=case-leader]')?.textContent?.trim() === '济南市人社局')

      // The order to pay, scanned, attached to a note; downloaded back as it was.
      const order = Buffer.from(`%PDF-1.4\n% 责令改正通知书 ${serial}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`)
      await page.click('[data-test=action-note]')
      await page.fill('[data-test=field-text] textarea', '已向总包单位送达责令改正通知书')
      await page.setInputFiles('[data-test=file-input]', { name: '责令改正通知书.pdf', mimeType: 'application/pdf', buffer: order })
      await page.waitForSelector('[data-test=uploaded-file]:has-text("责令改正通知书.pdf")')
      await page.click('[data-test=action-submit]')
      await page.waitForSelector('[data-test="attachment-责令改正通知书.pdf"]')
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test="attachment-责令改正通知书.pdf"]')])
      expectEqual(download.suggestedFilename(), '责令改正通知书.pdf', 'saved under its name')
      expectTrue(readFileSync((await download.path())!).equals(order), 'the same bytes come back')
      const timeline = (await page.textContent('[data-test=case-timeline]')) ?? ''
      expectTrue(timeline.includes('督办等级') && timeline.includes('红色') && timeline.includes('包案领导') && !/red|leaderId/.test(timeline),
        'the timeline in Chinese, no codes')
      await ctx.screenshot('story-case')
      await logout(ctx)

      // jinan finds the case among those it took, and the message in its inbox.
      await loginAs(ctx, 'jinan')
      await page.waitForSelector('[data-test=inbox-bell] sup:not([style*="display: none"])')
      await openMenu(page, '案件工作台')
      await page.click('[data-test=queue-mine]')
      await page.waitForFunction(() => document.querySelectorAll('[data-test=case-table] .el-table__body-wrapper tr').length === 1)
      await openMenu(page, '我的消息')
      const inbox = await tableTexts(page, 'inbox-table')
      expectTrue(inbox.some((r) => r.includes('【领导包案】') && r.includes('未读')), `the leader is told: ${inbox.join(' | ')}`)
      await ctx.screenshot('story-inbox')
      await page.click('[data-test=inbox-table] .el-table__body [data-test=inbox-message]:has-text("领导包案")')
      await page.waitForSelector('[data-test=case-page]')
      expectTrue(page.url().endsWith(`/cases/${story.caseId}`), 'the message opens the case')
    },
  },
  {
    name: 'story 6: laowu re-issues the failed payment, the bank pays it, lixia closes the case as paid and records satisfaction',
    run: async (ctx) => {
      const { page } = ctx
      await loginAs(ctx, 'laowu')
      await openProjectTab(ctx, '工资单与代发')
      await page.waitForSelector('[data-test=payrolls] .el-table__body-wrapper tr')
      await page.click('[data-test=payrolls] .el-table__body-wrapper tr >> nth=0')
      await page.waitForSelector('[data-test=payroll-issue]')
      await page.click('[data-test=payroll-issue]')
      await page.click('.el-message-box__btns button:has-text("发起代发")')
      await page.waitForFunction(() => [...document.querySelectorAll('[data-test=pay-batches] .el-table__body-wrapper tr')].some((r) => r.textContent?.includes('待回盘')))
      await logout(ctx)

      await bankReturn(ctx, null)

      await loginAs(ctx, 'lixia')
      await page.goto(`${ctx.baseUrl}/cases/${story.caseId}`)
      await page.waitForSelector('[data-test=action-kinds]')
      for (const [kind, fill] of [
        ['contact', async () => chooseOption(page, '[data-test=field-method]', '电话')],
        ['verify', async () => page.fill('[data-test=field-findings] textarea', '银行已重新代发，工资到账')],
      ] as const) {
        await page.click(`[data-test=action-${kind}]`)
        await fill()
        const steps = (await page.$$('[data-test=case-step]')).length
        await page.click('[data-test=action-submit]')
        await page.waitForFunction((n) => document.querySelectorAll('[data-test=case-step]').length > n, steps)
      }
      await page.click('[data-test=action-close]')
      await chooseOption(page, '[data-test=field-conclusion]', '已全额支付')
      await page.click('[data-test=action-submit]')
      await page.waitForFunction(() => document.querySelector('[data-test=case-state]')?.textContent?.trim() === '已办结')
      expectEqual((await page.textContent('[data-test=case-conclusion]'))!.trim(), '已全额支付', 'closed as paid in full, the bank having confirmed it')

      await page.click('[data-test=action-callback]')
      await chooseOption(page, '[data-test=field-satisfaction]', '满意')
      await page.click('[data-test=action-submit]')
      await page.waitForFunction(() => document.querySelector('[data-test=case-satisfaction]')?.textContent?.trim() === '满意')
      await ctx.screenshot('story-closed')

      // Every message the case sent, to whom and in what state, in the county's outbox review.
      await openMenu(page, '发送记录')
      const sent = await tableTexts(page, 'outbox-table')
      expectTrue(sent.some((r) => r.includes('领导包案') && r.includes('站内消息')), `the leader's message is on record: ${sent.slice(0, 3).join(' | ')}`)
      expectTrue(sent.some((r) => r.includes('办结告知') && r.includes('****')), 'the complainant was texted at closing, the phone masked')
      await ctx.screenshot('story-outbox')
    },
  },
])
