// A complaint that walks into the county office, registered in the console: 历下区's supervisor opens
// 登记线索 on the workbench, is told in place what is missing, picks the place from the region tree
// (no project known), grades it a red key clue, and lands on the clue's page — channel, place and
// grade in Chinese, routed to the town — then accepts it into a case.
import { defineTests, expectEqual, expectTrue, loginAs, openMenu } from './harness'

export default defineTests([
  {
    name: 'lixia registers a walk-in complaint with a red key grade and accepts it',
    run: async (ctx) => {
      const { page } = ctx
      const phone = '139' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0')
      const employer = `登记测试劳务队${phone.slice(-4)}`
      await loginAs(ctx, 'lixia')
      await openMenu(page, '案件工作台')
      await page.click('[data-test=clue-register-open]')
      await page.waitForSelector('[data-test=clue-register]')

      // Nothing filled: each required field says so in place.
      await page.click('[data-test=clue-register-submit]')
      await page.waitForSelector('[data-test=field-complainantName] .el-form-item__error')
      const missing = await page.$$eval('[data-test=clue-register] .el-form-item__error', (els) => els.map((e) => e.textContent?.trim()))
      for (const text of ['请填写姓名', '请填写手机号', '请填写欠薪金额', '请选择项目，或选择欠薪发生地']) {
        expectTrue(missing.includes(text), `"${text}" shown (${missing.join(', ')})`)
      }

      await page.fill('[data-test=field-complainantName] input', '来访测试人')
      await page.fill('[data-test=field-phone] input', phone)
      await page.click('[data-test=field-regionCode] .el-cascader')
      await page.click('.el-cascader-node:visible:has-text("历下区")')
      await page.click('.el-cascader-node:visible:has-text("解放路街道")')
      await page.fill('[data-test=field-employerName] input', employer)
      await page.fill('[data-test=field-amount] input', '48,600')
      await page.fill('[data-test=field-workerCount] input', '6')
      await page.fill('[data-test=field-description] textarea', '六名木工两个月工资未发，来访反映')
      await page.click('[data-test=field-keyGrade] .el-select')
      await page.click('.el-select-dropdown__item:visible:has-text("红色重点")')
      await page.fill('[data-test=field-keyReason] input', '群体性，临近春节')
      await ctx.screenshot('clue-register')
      await page.click('[data-test=clue-register-submit]')

      await page.waitForSelector('[data-test=clue-page]')
      await page.waitForSelector('[data-test=region-name]')
      await page.waitForFunction(() => document.querySelector('[data-test=clue-page]')?.textContent?.includes('解放路街道'))
      const text = (await page.textContent('[data-test=clue-page]')) ?? ''
      expectTrue(text.includes('来访') && text.includes('红色重点') && text.includes('群体性，临近春节'), 'channel and key grade in Chinese')
      expectTrue(text.includes(employer) && !text.includes('370102001'), 'the place by name, not code')
      expectEqual((await page.textContent('[data-test=clue-amount]'))!.trim(), '48,600.00', 'amount in yuan')
      expectEqual((await page.textContent('[data-test=clue-status]'))!.trim(), '待受理', 'waiting for acceptance')

      await page.click('[data-test=clue-accept]')
      await page.click('.el-message-box__btns button:has-text("受理")')
      await page.waitForSelector('[data-test=case-page]')
      await page.waitForFunction(() => document.querySelector('[data-test=case-state]')?.textContent?.trim() === '已受理')
    },
  },
])
