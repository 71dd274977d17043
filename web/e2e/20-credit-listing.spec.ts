// 失信联合惩戒 in the console: the county supervisor proposes listing an enterprise (the server names
// the rule when the arrears are below the standard), records the written notice, the enterprise's
// statement within the period, and is told the earliest day a decision may be made. The decision,
// the term and credit repair are counted on the clock and tested over the API (credit module).
import { api, defineTests, expectTrue, loginAs, openMenu, tableTexts } from './harness'

// A valid 18-digit ID number (GB 11643 check character) for a person born on `birth` (YYYYMMDD).
function idNumber(region: string, birth: string, sequence: string): string {
  const body = region + birth + sequence
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0)
  return body + '10X98765432'[sum % 11]
}

export default defineTests([
  {
    name: 'the supervisor proposes a listing, serves the notice, records the statement and is told when to decide',
    run: async (ctx) => {
      const { page } = ctx
      const { token } = await api<{ token: string }>(ctx, 'POST', '/api/v1/auth/login', null, { username: 'lixia', password: ctx.password })
      const firms = await api<{ items: { id: string; name: string; creditCode: string }[] }>(ctx, 'GET', '/api/v1/enterprises?pageSize=50', token)
      const listed = await api<{ items: { enterpriseId: string }[] }>(ctx, 'GET', '/api/v1/credit/listings?pageSize=100', token)
      const firm = firms.items.find((e) => !listed.items.some((l) => l.enterpriseId === e.id))!
      expectTrue(!!firm, 'an enterprise without a procedure')
      const legalId = idNumber('370102', '19750304', '031')

      await loginAs(ctx, 'lixia')
      await openMenu(page, '失信联合惩戒')
      await page.click('[data-test=listing-propose]')
      await page.waitForSelector('[data-test=listing-propose-dialog] [data-test=enterprise-picker]')
      await page.click('[data-test=listing-propose-dialog] [data-test=enterprise-picker]')
      await page.keyboard.type(firm.creditCode)
      await page.click(`.el-select-dropdown__item:visible:has-text("${firm.name}")`)
      await page.fill('[data-test=field-arrears] input', '12000')
      const missed = new Date(Date.now() + 8 * 3600_000 - 3 * 86_400_000).toISOString().slice(0, 10)
      await page.fill('[data-test=field-orderMissedOn] input', missed)
      await page.keyboard.press('Enter')
      await page.fill('[data-test=field-reason] textarea', '拖欠 8 名农民工工资，经责令限期支付逾期仍不支付')
      await page.fill('[data-test=person-0] [data-test=person-name]', '赵恒达')
      await page.fill('[data-test=person-0] [data-test=person-id]', legalId)

      // Below the provincial standard and no mass incident: refused, the rule named beside the amount.
      await page.click('[data-test=listing-propose-submit]')
      await page.waitForSelector('[data-test=field-arrears] .el-form-item__error')
      const refusal = (await page.textContent('[data-test=field-arrears] .el-form-item__error')) ?? ''
      expectTrue(refusal.includes('低于列入标准') && refusal.includes('30000.00 元'), `the threshold named: ${refusal}`)
      await page.fill('[data-test=field-arrears] input', '52000')
      await page.click('[data-test=listing-propose-submit]')

      // The procedure's page: served the notice today, the statement period runs.
      await page.waitForSelector('[data-test=listing-state-tag]:has-text("已提出")')
      const persons = await tableTexts(page, 'listing-persons')
      expectTrue(persons.some((r) => r.includes('法定代表人') && r.includes('赵恒达') && r.includes('370102********031')), `masked: ${persons.join(' | ')}`)
      expectTrue(!persons.join(' ').includes(legalId), 'the full ID number is never shown')
      await page.click('[data-test=listing-notify]')
      await page.click('.el-message-box__btns .el-button--primary')
      await page.waitForSelector('[data-test=listing-state-tag]:has-text("已告知")')
      const next = (await page.textContent('[data-test=listing-next]')) ?? ''
      const due = /至 (\d{4}-\d{2}-\d{2})/.exec(next)?.[1]
      expectTrue(!!due && next.includes('陈述申辩期'), `the statement period and its last day: ${next}`)

      await page.click('[data-test=listing-statement]')
      await page.fill('[data-test=listing-action-text]', '企业称资金周转困难，已筹措部分款项，请求暂缓列入')
      await page.click('[data-test=listing-action-submit]')
      await page.waitForSelector('[data-test=listing-action-dialog]', { state: 'hidden' })
      await page.waitForSelector('[data-test=listing-timeline] :text("陈述申辩")')

      // Deciding within the period is refused with the first day it is allowed.
      await page.click('[data-test=listing-decide]')
      await page.fill('[data-test=listing-action-text]', '拒不支付劳动报酬，数额达到标准')
      await page.click('[data-test=listing-action-submit]')
      const error = (await (await page.waitForSelector('[data-test=listing-action-error]')).textContent()) ?? ''
      expectTrue(error.includes('起方可作出决定') && error.includes(due!), `the decision waits for the period: ${error}`)
      await ctx.screenshot('credit-listing')
      await page.click('[data-test=listing-action-dialog] button:has-text("取消")')

      // The worklist shows it in its stage with the deadline.
      await openMenu(page, '失信联合惩戒')
      const rows = await tableTexts(page, 'listing-table')
      expectTrue(rows.some((r) => r.includes(firm.name) && r.includes('已告知') && r.includes('陈述申辩期')), `worklist: ${rows.join(' | ')}`)
    },
  },
])
