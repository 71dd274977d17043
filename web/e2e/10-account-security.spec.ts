// The administrators' second factor in the console (等保 2.0 level 3, issue 11): the security
// administrator resets the audit administrator's lost authenticator in the user list; the audit
// administrator's next login can reach nothing but the security page, enrols by QR code, keeps the
// recovery codes, and from then on every login asks for the 6-digit code.
import {
  defineTests, enrolSecondFactor, expectTrue, forgetAuthenticator, login, loginAs, logout, nextSecondFactor, openMenu,
} from './harness'

export default defineTests([
  {
    name: 'a reset administrator enrols again by QR code before anything else; then the login asks for the code',
    run: async (ctx) => {
      const { page } = ctx
      await loginAs(ctx, 'secadmin')
      await openMenu(page, '用户')
      await page.waitForSelector('[data-test=user-table] tr:has-text("auditor")')
      await page.click('[data-test=user-table] tr:has-text("auditor") [data-test=totp-reset]')
      await page.click('.el-message-box__btns .el-button--primary')
      await page.waitForSelector('.el-message--success')
      forgetAuthenticator('auditor')
      await logout(ctx)

      // Password only: the security page, and every other page leads back to it.
      await login(ctx, 'auditor')
      await page.waitForSelector('[data-test=security-required]')
      await page.goto(ctx.baseUrl + '/audit')
      await page.waitForSelector('[data-test=security-required]')
      expectTrue(page.url().endsWith('/account/security'), `kept on the security page: ${page.url()}`)
      const recovery = await enrolSecondFactor(ctx, 'auditor')
      expectTrue(recovery.length === 10 && recovery.every((c) => /^[a-z2-9]{4}-[a-z2-9]{4}$/.test(c)), `recovery codes: ${recovery}`)
      await ctx.screenshot('account-security-totp')
      await page.click('[data-test=totp-done]')
      await page.waitForSelector('[data-test=home]')
      await openMenu(page, '审计日志')
      await page.waitForSelector('[data-test=audit-table], table')

      // The next login asks for the code after the password, and takes it.
      await logout(ctx)
      await login(ctx, 'auditor')
      await page.waitForSelector('[data-test=otp-input]')
      await ctx.screenshot('login-otp')
      await page.fill('input[name=otp]', '000000')
      await page.click('[data-test=login-submit]')
      await page.waitForSelector('[data-test=login-notice]:has-text("动态口令错误")')
      await page.fill('input[name=otp]', nextSecondFactor('auditor'))
      await page.click('[data-test=login-submit]')
      await page.waitForSelector('[data-test=home]')
    },
  },
])
