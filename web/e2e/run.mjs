#!/usr/bin/env node
// The e2e runner: compiles web/e2e/*.spec.ts with esbuild, drives Debian's chromium through
// playwright-core (never a downloaded browser) against a running anxin (E2E_BASE_URL), one fresh
// browser context per test, in file order. Prints "N passed, M failed" last; exits 1 on failure.
//
//   E2E_BASE_URL=http://127.0.0.1:8091 E2E_PASSWORD=… node e2e/run.mjs [filter]
//   SCREENSHOTS=1 also writes docs/screenshots/<name>.png.
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const baseUrl = (process.env.E2E_BASE_URL ?? '').replace(/\/$/, '')
const password = process.env.E2E_PASSWORD ?? 'Sx8#Kp3-Vn'
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium'
const shotsDir = resolve(here, '../../docs/screenshots')
const takeShots = process.env.SCREENSHOTS === '1'
const filter = process.argv[2] ?? ''
if (!baseUrl) {
  console.error('E2E_BASE_URL is not set (scripts/e2e.sh starts a server and sets it)')
  process.exit(2)
}

const specs = readdirSync(here).filter((f) => f.endsWith('.spec.ts')).sort()
// One folder per run (inside web/ so the specs resolve web/node_modules): runs side by side never
// delete each other's compiled specs.
const out = join(here, '.out', `run-${process.pid}`)
rmSync(out, { recursive: true, force: true })
await build({
  entryPoints: specs.map((f) => join(here, f)),
  outdir: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
})

// Playwright gives every launch a fresh temporary --user-data-dir; the flags keep chromium off
// the network (this machine has none) and quiet.
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
})
if (takeShots) mkdirSync(shotsDir, { recursive: true })

let passed = 0
let failed = 0
const started = Date.now()
try {
  for (const spec of specs) {
    const module = await import(pathToFileURL(join(out, spec.replace(/\.ts$/, '.mjs'))).href)
    for (const test of module.default) {
      const title = `${spec.replace('.spec.ts', '')} › ${test.name}`
      if (filter && !title.includes(filter)) continue
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
      context.setDefaultTimeout(15000)
      const page = await context.newPage()
      const pageErrors = []
      page.on('pageerror', (e) => pageErrors.push(e.message))
      const screenshot = async (name) => {
        if (!takeShots) return
        await page.waitForTimeout(300) // let transitions settle
        // The page as a reader sees it, not the toasts of the steps just taken.
        await page.evaluate(() => document.querySelectorAll('.el-message').forEach((e) => e.remove()))
        await page.screenshot({ path: join(shotsDir, `${name}.png`) })
      }
      const t0 = Date.now()
      try {
        await test.run({ baseUrl, browser, context, page, password, screenshot })
        if (pageErrors.length) throw new Error('uncaught page error: ' + pageErrors.join('; '))
        passed++
        console.log(`  ✓ ${title} (${Date.now() - t0} ms)`)
      } catch (e) {
        failed++
        console.log(`  ✗ ${title} (${Date.now() - t0} ms)\n      ${String(e?.stack ?? e).split('\n').slice(0, 4).join('\n      ')}`)
        // Kept after the run (the compiled specs are not): what the page showed when it failed.
        mkdirSync(join(here, '.failures'), { recursive: true })
        const shot = join(here, '.failures', `failed-${passed + failed}.png`)
        await page.screenshot({ path: shot }).then(() => console.log(`      screenshot: ${shot}`)).catch(() => {})
      } finally {
        await context.close()
      }
    }
  }
} finally {
  await browser.close()
  rmSync(out, { recursive: true, force: true })
}
console.log(`\ne2e: ${((Date.now() - started) / 1000).toFixed(1)} s`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
