// The side menu from the layout routes: grouped, filtered by the user's permissions.
import type { RouteRecordRaw } from 'vue-router'

export interface MenuItem {
  path: string
  title: string
  icon?: string
}
export interface MenuGroup {
  title: string // "" for top-level items
  icon?: string
  items: MenuItem[]
}

const GROUP_ICONS: Record<string, string> = { 实名登记: 'Files', 欠薪处置: 'Bell', 消息: 'Message', 银行端: 'Wallet', 系统管理: 'Tools', 安全审计: 'Lock' }

export function buildMenu(routes: readonly RouteRecordRaw[], can: (permission?: string) => boolean): MenuGroup[] {
  const groups: MenuGroup[] = []
  for (const route of routes) {
    const meta = route.meta ?? {}
    if (!meta.title || meta.hidden || !can(meta.permission)) continue
    const item: MenuItem = { path: '/' + route.path, title: meta.title, icon: meta.icon }
    const title = meta.group ?? ''
    let group = title ? groups.find((g) => g.title === title) : undefined
    if (!group) {
      group = { title, icon: GROUP_ICONS[title], items: [] }
      groups.push(group)
    }
    group.items.push(item)
  }
  return groups
}
