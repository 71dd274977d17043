// The side menu shows only what the role may open, grouped as the routes say.
import { describe, expect, it } from 'vitest'
import type { RouteRecordRaw } from 'vue-router'
import { buildMenu } from '../menu'

const page = () => Promise.resolve({})
const routes: RouteRecordRaw[] = [
  { path: '', component: page, meta: { title: '首页' } },
  { path: 'projects', component: page, meta: { title: '项目', permission: 'project.read', group: '实名登记' } },
  { path: 'projects/:id', component: page, meta: { title: '项目详情', permission: 'project.read', hidden: true } },
  { path: 'system/users', component: page, meta: { title: '用户', permission: 'user.read', group: '系统管理' } },
  { path: 'audit', component: page, meta: { title: '审计日志', permission: 'audit.read', group: '安全审计' } },
]

describe('buildMenu', () => {
  it('keeps what the permissions allow, in route order, hidden routes out', () => {
    const can = (p?: string) => !p || ['project.read', 'user.read'].includes(p)
    const menu = buildMenu(routes, can)
    expect(menu.map((g) => g.title)).toEqual(['', '实名登记', '系统管理'])
    expect(menu.flatMap((g) => g.items.map((i) => i.path))).toEqual(['/', '/projects', '/system/users'])
  })

  it('an audit administrator sees home and the audit log only', () => {
    const menu = buildMenu(routes, (p) => !p || p === 'audit.read')
    expect(menu.flatMap((g) => g.items.map((i) => i.title))).toEqual(['首页', '审计日志'])
  })
})
