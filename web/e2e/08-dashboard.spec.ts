// The home dashboard on the demo province: the 济南 city supervisor (jinan) sees KPI cards with
// numbers and a map of 济南's counties that is really drawn; clicking 历下区 drills into its towns
// (a ranked bar chart: the bundled boundaries stop at counties) and 返回上级 comes back; the map
// switches to red warnings. The 历下区 supervisor (lixia) lands on its towns; the 住建 officer sees
// its industry; roles without a dashboard (bank) get the welcome page. Counts are never assumed.
import type { Page } from 'playwright-core'
import { defineTests, expectEqual, expectTrue, loginAs } from './harness'

async function kpiTexts(page: Page): Promise<Record<string, string>> {
  await page.waitForSelector('[data-test=kpis]', { timeout: 20000 })
  return page.$$eval('[data-test^=kpi-]', (els) =>
    Object.fromEntries(
      els
        .filter((e) => e.getAttribute('data-test') !== 'kpi-value')
        .map((e) => [e.getAttribute('data-test')!.slice(4), (e.querySelector('[data-test=kpi-value]')?.textContent ?? '').trim()]),
    ),
  )
}

async function childNames(page: Page): Promise<string[]> {
  await page.waitForSelector('[data-test=dashboard-children] .el-table__row')
  return page.$$eval('[data-test=dashboard-children] .el-table__body .el-table__row td:first-child', (tds) =>
    tds.map((td) => (td.textContent ?? '').trim()),
  )
}

// Distinct colours on a chart's canvas: a drawn map has its regions' fills and borders, a blank one ~1.
async function canvasColours(page: Page, selector: string): Promise<number> {
  await page.waitForSelector(`${selector} canvas`)
  await page.waitForTimeout(800) // ECharts animates the first frame
  return page.$eval(`${selector} canvas`, (canvas) => {
    const c = canvas as HTMLCanvasElement
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
    const colours = new Set<number>()
    for (let i = 0; i < data.length; i += 4 * 7) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2])
    return colours.size
  })
}

const regionTitle = async (page: Page) => ((await page.textContent('[data-test=dashboard-region]')) ?? '').trim()

export default defineTests([
  {
    name: 'jinan sees KPIs with numbers and a drawn map of its counties, drills into 历下区 and back',
    async run(ctx) {
      const { page } = ctx
      await loginAs(ctx, 'jinan')
      const kpis = await kpiTexts(page)
      for (const key of ['projects', 'workers', 'clues', 'cases', 'warnings'])
        expectTrue(/^\d+$/.test(kpis[key] ?? ''), `KPI ${key} is a whole number, got "${kpis[key]}"`)
      expectTrue(/^[\d,.]+(万|亿)?$/.test(kpis.wages ?? ''), `wages KPI is an amount, got "${kpis.wages}"`)
      for (const key of ['allocation', 'closure', 'clearance'])
        expectTrue(/^(\d+\.\d%|—)$/.test(kpis[key] ?? ''), `KPI ${key} is a rate, got "${kpis[key]}"`)
      expectTrue(Number(kpis.projects) > 0, 'the demo puts projects under construction in 济南')

      expectEqual(await regionTitle(page), '济南市', 'dashboard region')
      const counties = await childNames(page)
      expectTrue(counties.includes('历下区') && counties.includes('市中区') && counties.length >= 10, `济南's counties listed: ${counties}`)
      const colours = await canvasColours(page, '[data-test=dashboard-map]')
      expectTrue(colours > 20, `the map draws regions (${colours} colours on its canvas)`)
      await page.waitForSelector('[data-test=trend-money] canvas')
      await page.waitForSelector('[data-test=trend-handling] canvas')
      await ctx.screenshot('dashboard')

      await page.click('[data-test=map-metric] label:has-text("红色预警")')
      await page.waitForSelector('.title:has-text("各区县红色预警")')

      await page.click('[data-test=dashboard-children] .el-table__row:has-text("历下区")')
      await page.waitForFunction(() => document.querySelector('[data-test=dashboard-region]')?.textContent?.trim() === '历下区')
      const towns = await childNames(page)
      expectTrue(towns.includes('解放路街道'), `历下区's towns listed: ${towns}`)
      expectTrue((await canvasColours(page, '[data-test=dashboard-rank]')) > 3, 'the towns are ranked in a bar chart')
      await page.click('[data-test=dashboard-up]')
      await page.waitForFunction(() => document.querySelector('[data-test=dashboard-region]')?.textContent?.trim() === '济南市')
    },
  },
  {
    name: 'lixia lands on the towns of 历下区',
    async run(ctx) {
      const { page } = ctx
      await loginAs(ctx, 'lixia')
      await kpiTexts(page)
      expectEqual(await regionTitle(page), '历下区', 'dashboard region')
      const towns = await childNames(page)
      expectTrue(towns.includes('解放路街道'), `历下区's towns listed: ${towns}`)
      await page.waitForSelector('[data-test=dashboard-rank] canvas')
      expectEqual(await page.$('[data-test=dashboard-map]'), null, 'no town boundaries: no map')
      expectEqual(await page.$('[data-test=dashboard-up]'), null, 'nothing above the scope')
    },
  },
  {
    name: 'the 住建 officer sees the dashboard of its industry',
    async run(ctx) {
      const { page } = ctx
      await loginAs(ctx, 'zhujian')
      const kpis = await kpiTexts(page)
      expectTrue(/^\d+$/.test(kpis.projects ?? ''), 'projects KPI')
      await page.waitForSelector('.head .el-tag:has-text("住房和城乡建设")')
    },
  },
  {
    name: 'the bank operator gets the welcome page, not a dashboard',
    async run(ctx) {
      const { page } = ctx
      await loginAs(ctx, 'bank')
      await page.waitForSelector('[data-test=home-links]')
      expectEqual(await page.$('[data-test=kpis]'), null, 'no KPIs for a bank operator')
      const links = (await page.textContent('[data-test=home-links]')) ?? ''
      expectTrue(links.includes('代发批次') && links.includes('工资专户与流水'), `the bank's daily work is one click away: ${links}`)
    },
  },
])
