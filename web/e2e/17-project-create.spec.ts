// The general contractor registers a new project in the console and corrects it: the form asks for
// what is missing in place, the region comes from the tree, the permit and its date go together; the
// project page opens with the project as entered, and an edit shows at once.
import { defineTests, expectEqual, expectTrue, loginAs, openMenu, tableTexts } from './harness'

export default defineTests([
  {
    name: 'laowu registers a project as its general contractor and renames it',
    run: async (ctx) => {
      const { page } = ctx
      const serial = String(Date.now()).slice(-6)
      const name = `历下测试住宅项目${serial}`
      await loginAs(ctx, 'laowu')
      await openMenu(page, '项目')
      await page.click('[data-test=project-create]')
      await page.waitForSelector('[data-test=project-form] [data-test=field-code]')
      await page.fill('[data-test=project-form] [data-test=field-permitNumber] input', '370102202612070101')
      await page.click('[data-test=project-form-submit]')
      await page.waitForSelector('[data-test=project-form] [data-test=field-code] .el-form-item__error')
      const errors = await page.$$eval('[data-test=project-form] .el-form-item__error', (els) => els.map((e) => e.textContent?.trim()))
      for (const text of ['请填写项目编号', '请填写项目名称', '请选择县（市、区）或乡镇（街道）', '施工许可证号与发证日期须同时填写']) {
        expectTrue(errors.includes(text), `"${text}" in place (${errors.join(', ')})`)
      }

      await page.fill('[data-test=project-form] [data-test=field-code] input', `E2E-${serial}`)
      await page.fill('[data-test=project-form] [data-test=field-name] input', name)
      await page.click('[data-test=project-form] [data-test=field-regionCode] .el-cascader')
      await page.click('.el-cascader-node:visible:has-text("济南市")') // laowu's scope is the city
      await page.click('.el-cascader-node:visible:has-text("历下区")')
      await page.click('.el-cascader-node:visible:has-text("解放路街道")')
      await page.fill('[data-test=project-form] [data-test=field-contractPrice] input', '32,000,000')
      await page.fill('[data-test=project-form] [data-test=field-laborCostRatio] input', '20')
      await page.fill('[data-test=project-form] [data-test=field-permitOn] input', new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10))
      await page.keyboard.press('Enter')
      await ctx.screenshot('project-create')
      await page.click('[data-test=project-form-submit]')
      await page.waitForSelector('[data-test=project-tabs]')
      await page.waitForFunction((n) => document.querySelector('[data-test=project-name]')?.textContent?.includes(n), name)
      await page.waitForFunction(() => document.querySelector('[data-test=tab-basic]')?.textContent?.includes('解放路街道'))
      const basic = (await page.textContent('[data-test=tab-basic]')) ?? ''
      expectTrue(basic.includes('32,000,000.00') && basic.includes('370102202612070101'), 'contract price in yuan and the permit')

      await page.click('[data-test=project-edit]')
      await page.waitForSelector('[data-test=project-form] [data-test=field-name]')
      expectTrue(await page.isDisabled('[data-test=project-form] [data-test=field-code] input'), 'the project number stays')
      await page.fill('[data-test=project-form] [data-test=field-name] input', `${name}（一期）`)
      await page.click('[data-test=project-form-submit]')
      await page.waitForSelector('[data-test=project-form]', { state: 'hidden' })
      expectEqual((await page.textContent('[data-test=project-name]'))!.trim(), `${name}（一期）`, 'renamed at once')

      // A team of its own, then the 五员 (the others named later leave the group incomplete).
      await page.click('[data-test=team-create]')
      await page.waitForSelector('[data-test=team-dialog] [data-test=field-team-name]')
      await page.fill('[data-test=team-dialog] [data-test=field-team-name] input', '钢筋一班')
      await page.fill('[data-test=team-dialog] [data-test=field-team-leader] input', '马建军')
      await page.click('[data-test=team-save]')
      await page.waitForFunction(() => [...document.querySelectorAll('[data-test=teams] .el-table__body-wrapper tr')].some((r) => r.textContent?.includes('钢筋一班') && r.textContent?.includes('马建军')))

      await page.click('[data-test=project-tabs] .el-tabs__item:has-text("五员")')
      await page.waitForSelector('[data-test=staff-edit]', { state: 'visible' })
      await page.click('[data-test=staff-edit]')
      await page.waitForSelector('[data-test=staff-dialog] [data-test=staff-labor_affairs_officer]')
      await page.fill('[data-test=staff-labor_affairs_officer] input >> nth=0', '王劳资')
      await page.fill('[data-test=staff-labor_affairs_officer] input >> nth=1', '1381234')
      await page.fill('[data-test=staff-project_manager] input >> nth=0', '李经理')
      await page.click('[data-test=staff-save]')
      await page.waitForSelector('[data-test=staff-labor_affairs_officer] .el-form-item__error')
      await page.fill('[data-test=staff-labor_affairs_officer] input >> nth=1', '13812345678')
      await page.click('[data-test=staff-save]')
      await page.waitForSelector('[data-test=staff-dialog]', { state: 'hidden' })
      const staff = await tableTexts(page, 'staff-table')
      expectTrue(staff.some((r) => r.includes('劳资专管员') && r.includes('王劳资') && r.includes('138****5678')), `the officer with the phone masked: ${staff.join(' | ')}`)
      expectTrue(staff.some((r) => r.includes('项目负责人') && r.includes('李经理')), 'the manager')
    },
  },
])
