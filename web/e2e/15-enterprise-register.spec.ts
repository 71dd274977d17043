// A supervisor registers an enterprise in the console: a malformed 统一社会信用代码 is refused in place,
// a well-formed one (GB 32100 check character computed here) is registered with its region picked from
// the tree, the list shows it by name with its region by name, and an edit replaces the contact phone
// (shown masked afterwards) while the code stays fixed.
import { defineTests, expectTrue, loginAs, openMenu, tableTexts } from './harness'

const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 24, 10, 30, 28, 7, 21, 18]
function creditCode(body17: string): string {
  const sum = [...body17].reduce((s, c, i) => s + CHARS.indexOf(c) * WEIGHTS[i], 0)
  return body17 + CHARS[(31 - (sum % 31)) % 31]
}

export default defineTests([
  {
    name: 'lixia registers an enterprise and edits its contact phone',
    run: async (ctx) => {
      const { page } = ctx
      const serial = String(Date.now()).slice(-8)
      const code = creditCode(`91370102MA${serial}`.slice(0, 17).padEnd(17, '0'))
      const name = `历下测试劳务有限公司${serial.slice(-4)}`
      await loginAs(ctx, 'lixia')
      await openMenu(page, '企业')
      await page.click('[data-test=enterprise-create]')
      await page.waitForSelector('[data-test=enterprise-form] [data-test=field-creditCode]')
      await page.fill('[data-test=field-creditCode] input', '123')
      await page.fill('[data-test=field-name] input', name)
      await page.click('[data-test=enterprise-form-submit]')
      await page.waitForSelector('[data-test=field-creditCode] .el-form-item__error')
      const errors = await page.$$eval('[data-test=enterprise-form] .el-form-item__error', (els) => els.map((e) => e.textContent?.trim()))
      expectTrue(errors.includes('统一社会信用代码为 18 位数字或大写字母') && errors.includes('请选择注册地'), `named in place: ${errors.join(', ')}`)

      await page.fill('[data-test=field-creditCode] input', code)
      await page.click('[data-test=field-kind] .el-select')
      await page.click('.el-select-dropdown__item:visible:has-text("劳务分包")')
      await page.click('[data-test=field-regionCode] .el-cascader')
      await page.click('.el-cascader-node:visible:has-text("历下区")')
      await page.click('.el-cascader-node:visible:has-text("解放路街道")')
      await page.fill('[data-test=field-contactPhone] input', '13800138000')
      await page.click('[data-test=enterprise-form-submit]')
      await page.waitForSelector('[data-test=enterprise-form]', { state: 'hidden' })

      await page.fill('input[placeholder="名称或统一社会信用代码"]', code)
      await page.keyboard.press('Enter')
      await page.waitForFunction((c) => [...document.querySelectorAll('[data-test=enterprise-table] .el-table__body-wrapper tr')].some((r) => r.textContent?.includes(c)), code)
      let rows = await tableTexts(page, 'enterprise-table')
      expectTrue(rows.some((r) => r.includes(name) && r.includes('劳务分包') && r.includes('历下区') && r.includes('138****8000')), `listed by name and region name, phone masked: ${rows.join(' | ')}`)

      await page.click('[data-test=enterprise-table] [data-test=enterprise-edit] >> nth=0')
      await page.waitForSelector('[data-test=enterprise-form] [data-test=field-contactPhone]')
      expectTrue(await page.isDisabled('[data-test=field-creditCode] input'), 'the code is the key: not editable')
      await page.fill('[data-test=field-contactPhone] input', '13900139000')
      await page.click('[data-test=enterprise-form-submit]')
      await page.waitForSelector('[data-test=enterprise-form]', { state: 'hidden' })
      await page.waitForFunction(() => [...document.querySelectorAll('[data-test=enterprise-table] .el-table__body-wrapper tr')].some((r) => r.textContent?.includes('139****9000')))
      rows = await tableTexts(page, 'enterprise-table')
      expectTrue(rows.some((r) => r.includes(name) && r.includes('139****9000')), 'the new phone, masked')
    },
  },
])
