// Signing in (the demo logins): every role sees its menu entries, none of another role's, and its
// role in Chinese; a session the server no
// longer knows sends the user back to the login page with the reason; five wrong passwords lock this address out of the account, answered like any failure.
import { USERS, defineTests, expectEqual, expectTrue, login, loginAs, loginNotice, menuItems, type Username } from './harness'

const roleTests = (Object.keys(USERS) as Username[]).map((username) => ({
  name: `${username} (${USERS[username].role}) sees its menu and nothing of another role's`,
  run: async (ctx: Parameters<typeof loginAs>[0]) => {
    await loginAs(ctx, username)
    const items = await menuItems(ctx.page)
    const { must, mustNot } = USERS[username].menu
    expectEqual(must.filter((m) => !items.includes(m)), [], `missing from the menu (${items.join(', ')})`)
    expectEqual(mustNot.filter((m) => items.includes(m)), [], `must not be in the menu (${items.join(', ')})`)
    const role = (await ctx.page.textContent('[data-test=user-role]'))?.trim()
    expectEqual(role, USERS[username].label, 'role label')
    if (username === 'lixia') await ctx.screenshot('home-supervisor')
    if (username === 'admin') await ctx.screenshot('home-admin')
  },
}))

export default defineTests([
  {
    name: 'login page renders',
    run: async (ctx) => {
      await ctx.page.goto(ctx.baseUrl + '/system/users')
      await ctx.page.waitForSelector('[data-test=login-submit]')
      expectTrue(ctx.page.url().includes('/login?redirect='), 'a signed-out deep link lands on the login page')
      await ctx.screenshot('login')
    },
  },
  ...roleTests,
  {
    name: 'a page the role may not open says so; an unknown address says it does not exist',
    run: async (ctx) => {
      await loginAs(ctx, 'auditor')
      await ctx.page.goto(ctx.baseUrl + '/system/users')
      await ctx.page.waitForSelector('[data-test=status-forbidden]')
      const forbidden = (await ctx.page.textContent('[data-test=status-forbidden]')) ?? ''
      expectTrue(forbidden.includes('无权访问') && forbidden.includes('用户'), `the 403 page names the page: ${forbidden}`)
      expectTrue(!(await ctx.page.$('[data-test=user-table]')), 'no user list shown')
      await ctx.page.goto(ctx.baseUrl + '/no/such/page')
      await ctx.page.waitForSelector('[data-test=status-not-found]')
      expectTrue(((await ctx.page.textContent('[data-test=status-not-found]')) ?? '').includes('/no/such/page'), 'the 404 page names the address')
      await ctx.page.click('[data-test=status-not-found] button:has-text("返回首页")')
      await ctx.page.waitForSelector('[data-test=home]')
    },
  },
  {
    name: 'an ended session goes back to login with the server reason',
    run: async (ctx) => {
      await loginAs(ctx, 'lixia')
      await ctx.page.evaluate(() => localStorage.setItem('anxin.token', 'f'.repeat(64)))
      await ctx.page.goto(ctx.baseUrl + '/projects')
      const text = await loginNotice(ctx.page)
      expectTrue(text.length > 0 && ctx.page.url().includes('/login'), `login notice shown (${text})`)
    },
  },
  {
    name: 'logout ends the session',
    run: async (ctx) => {
      await loginAs(ctx, 'bank')
      await ctx.page.click('[data-test=user-menu]')
      await ctx.page.click('[data-test=logout]')
      await ctx.page.click('.el-message-box__btns .el-button--primary')
      await ctx.page.waitForSelector('[data-test=login-submit]')
      expectEqual(await ctx.page.evaluate(() => localStorage.getItem('anxin.token')), null, 'token after logout')
    },
  },
  {
    name: 'five wrong passwords lock this address out with the one answer every failure gets',
    run: async (ctx) => {
      let first = ''
      for (let attempt = 1; attempt <= 5; attempt++) {
        await login(ctx, 'locked', 'Wrong-pass-1')
        const notice = await loginNotice(ctx.page)
        if (attempt === 1) first = notice
        // The server no longer says how many attempts are left: that told an attacker the name exists.
        expectTrue(notice.includes('用户名或密码错误'), `attempt ${attempt}: ${notice}`)
      }
      // Even the right password is refused while locked, and in the same words as a wrong one.
      await login(ctx, 'locked')
      expectEqual(await loginNotice(ctx.page), first, 'locked answers like a wrong password')
      await login(ctx, 'no-such-user', 'Wrong-pass-1')
      expectEqual(await loginNotice(ctx.page), first, 'unknown user answers like a wrong password')
      await ctx.screenshot('login-locked')
    },
  },
])
