// 签约前信用查询: the construction unit looks a listed firm up before signing — by a part of its name,
// then from the matches — and gets a numbered record that says it is on the list and until when;
// printed, the record is all the page shows (the menu and the header are left out). The record is
// kept: it is in the unit's list and opens again.
import { api, defineTests, expectTrue, loginAs, openMenu, tableTexts } from './harness'

export default defineTests([
  {
    name: 'a construction unit queries a listed firm before signing and prints the record',
    run: async (ctx) => {
      const { page } = ctx
      const { token } = await api<{ token: string }>(ctx, 'POST', '/api/v1/auth/login', null, { username: 'lixia', password: ctx.password })
      const listings = await api<{ items: { enterpriseName: string; state: string; expiresOn: string | null }[] }>(
        ctx, 'GET', '/api/v1/credit/listings?state=listed&pageSize=20', token)
      const listed = listings.items.find((l) => l.expiresOn)!
      expectTrue(!!listed, 'the demo has a listed firm')

      await loginAs(ctx, 'jianshe')
      await openMenu(page, '签约前信用查询')
      await page.fill('[data-test=credit-query-input]', listed.enterpriseName.slice(0, 6))
      await page.click('[data-test=credit-query-search]')
      await page.waitForSelector('[data-test=credit-record], [data-test=credit-query-matches]')
      if (await page.$('[data-test=credit-query-matches]')) {
        await page.click(`[data-test=credit-query-matches] tr:has-text("${listed.enterpriseName}") button`)
      }
      await page.waitForSelector('[data-test=credit-record-listed]')
      const record = (await page.textContent('[data-test=credit-record]')) ?? ''
      expectTrue(record.includes(listed.enterpriseName) && record.includes(`至 ${listed.expiresOn}`), `on the list until its term ends: ${record.slice(0, 300)}`)
      const number = /信查〔\d{4}〕\d{6}/.exec(record)?.[0]
      expectTrue(!!number, 'the record has its number')
      expectTrue(!record.includes('已提出') && !record.includes('已告知'), 'procedures under way are the departments’ to see')

      // Printed: only the record.
      await page.emulateMedia({ media: 'print' })
      expectTrue(!(await page.isVisible('[data-test=side-menu]')), 'the menu is not printed')
      expectTrue(!(await page.isVisible('[data-test=credit-query-search]')), 'the search form is not printed')
      expectTrue(await page.isVisible('[data-test=credit-record]'), 'the record is printed')
      await ctx.screenshot('credit-query-print')
      const pdf = await page.pdf({ format: 'A4' })
      expectTrue(pdf.length > 10_000, `a PDF of the record (${pdf.length} bytes)`)
      await page.emulateMedia({ media: 'screen' })

      // Kept: in the unit's list, and it opens again.
      const history = await tableTexts(page, 'credit-query-history')
      expectTrue(history.some((r) => r.includes(number!) && r.includes('在名单内')), `the unit's records: ${history.join(' | ')}`)
    },
  },
])
