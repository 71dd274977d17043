// The bank end, done in the console: the general contractor's labor officer (laowu) sends a confirmed
// payroll to the bank (set up through the API); the ICBC operator finds the batch waiting, downloads
// the bank file, uploads a return file with a wrong reference (refused whole, the row named), then the
// real return with one failed payment, and sees the batch returned with the failure; on the accounts
// page it uploads a day's transactions with one row the platform cannot take and reads why.
import { readFileSync } from 'node:fs'
import { api, defineTests, expectEqual, expectTrue, loginAs, openMenu, tableTexts } from './harness'

interface BatchLine { reference: string; amount: number; payeeName: string }
interface Batch { id: string; projectName: string; totalAmount: number; lines: BatchLine[] }

const yuan = (fen: number) => (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

export default defineTests([
  {
    name: 'the bank downloads a batch, is refused a bad return file, records the real one with a failed payment and uploads its feed',
    run: async (ctx) => {
      const { page } = ctx
      // laowu issues the next batch of an approved payroll on one of its ICBC accounts.
      const { token } = await api<{ token: string }>(ctx, 'POST', '/api/v1/auth/login', null, { username: 'laowu', password: ctx.password })
      const projects = (await api<{ items: { id: string }[] }>(ctx, 'GET', '/api/v1/projects?pageSize=100', token)).items
      let batch: Batch | null = null
      for (const p of projects) {
        const view = await api<{ account: { bankCode: string } | null }>(ctx, 'GET', `/api/v1/projects/${p.id}/account`, token)
        if (view.account?.bankCode !== 'ICBC') continue
        const payrolls = (await api<{ items: { id: string }[] }>(ctx, 'GET', `/api/v1/projects/${p.id}/payrolls?status=approved`, token)).items
        for (const payroll of payrolls) {
          try {
            batch = await api<Batch>(ctx, 'POST', `/api/v1/payrolls/${payroll.id}/pay-batches`, token)
            break
          } catch {
            // e.g. a worker without a card on file: try the next payroll
          }
        }
        if (batch) break
      }
      expectTrue(batch !== null && batch.lines.length >= 2, 'laowu sent a batch of two or more payments to ICBC')
      const sent = batch!

      await loginAs(ctx, 'bank')
      await openMenu(page, '代发批次')
      await page.waitForSelector('[data-test=batch-table]')
      await page.waitForFunction((name) => [...document.querySelectorAll('[data-test=batch-link]')].some((e) => e.textContent?.includes(name)), sent.projectName)
      const rows = await tableTexts(page, 'batch-table')
      expectTrue(rows.some((r) => r.includes(sent.projectName) && r.includes(yuan(sent.totalAmount)) && r.includes('待银行回盘')), `the batch waits for the bank: ${rows.join(' | ')}`)
      await page.goto(`${ctx.baseUrl}/bank/pay-batches/${sent.id}`)
      await page.waitForSelector('[data-test=batch-lines]')
      expectEqual((await page.textContent('[data-test=batch-total]'))!.trim(), yuan(sent.totalAmount), 'total in yuan')

      // The bank file: every line's reference, the full card only in the file.
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=download-csv]')])
      expectTrue(download.suggestedFilename().endsWith('.csv'), `a .csv file (${download.suggestedFilename()})`)
      const file = readFileSync((await download.path())!, 'utf8')
      for (const line of sent.lines) expectTrue(file.includes(line.reference), `the file has ${line.reference}`)

      // A return file naming a reference not in the batch: refused whole, the row named.
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
      const header = '参考号,状态,失败原因,处理日期,银行流水号\r\n'
      const bad = header + `NOT-IN-BATCH,成功,,${today},BK1\r\n`
      await page.setInputFiles('[data-test=return-file]', { name: '回盘-错误.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) })
      await page.click('.el-message-box__btns button:has-text("上传")')
      await page.waitForSelector('[data-test=return-row-error]')
      const rowErrors = await page.$$eval('[data-test=return-row-error]', (els) => els.map((e) => e.textContent ?? ''))
      expectTrue(rowErrors.some((e) => e.includes('NOT-IN-BATCH') && e.includes('批次中没有此参考号') && e.includes('第 2 行')),
        `the unknown reference is named with its row: ${rowErrors.join(' | ')}`)
      expectTrue(sent.lines.every((l) => rowErrors.some((e) => e.includes(l.reference))), 'every unanswered payment is named too')
      expectEqual((await page.textContent('[data-test=batch-status-tag]'))!.trim(), '待银行回盘', 'nothing recorded')

      // The real return: the first payment failed (account frozen), the rest paid.
      const [first, ...rest] = sent.lines
      const good = header + `${first.reference},失败,账户已冻结,${today},\r\n` +
        rest.map((l, i) => `${l.reference},成功,,${today},BK${String(i + 1).padStart(8, '0')}`).join('\r\n') + '\r\n'
      await page.setInputFiles('[data-test=return-file]', { name: '回盘.csv', mimeType: 'text/csv', buffer: Buffer.from(good) })
      await page.click('.el-message-box__btns button:has-text("上传")')
      await page.waitForFunction(() => document.querySelector('[data-test=batch-status-tag]')?.textContent?.trim() === '已回盘')
      expectEqual((await page.textContent('[data-test=batch-failed]'))!.trim(), yuan(first.amount), 'the failed payment in yuan')
      const lines = await tableTexts(page, 'batch-lines')
      expectTrue(lines.some((r) => r.includes(first.reference) && r.includes('失败') && r.includes('账户已冻结')), 'the failure and its reason per line')
      expectEqual((await page.$$('[data-test=upload-return]')).length, 0, 'a returned batch takes no second return file')
      await ctx.screenshot('bank-pay-batch')

      // The accounts it holds, and a day's feed with one row the platform cannot take.
      await openMenu(page, '工资专户与流水')
      await page.waitForSelector('[data-test=account-table] .el-table__body-wrapper tr')
      const feed = '账号,交易流水号,借贷方向,金额（元）,记账日期,对方户名,用途\r\n' +
        `6222000000000000000,E2E${Date.now()},credit,100.00,${today},某建设单位,人工费\r\n`
      await page.setInputFiles('[data-test=feed-file]', { name: '流水.csv', mimeType: 'text/csv', buffer: Buffer.from(feed) })
      await page.waitForSelector('[data-test=feed-errors]')
      const errors = await tableTexts(page, 'feed-errors')
      expectTrue(errors.length === 1 && errors[0].startsWith('2'), `row 2 refused with its reason: ${errors.join(' | ')}`)
      await ctx.screenshot('bank-accounts')
    },
  },
])
