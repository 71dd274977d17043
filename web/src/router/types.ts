// What a route tells the layout: its menu title and icon, the permission that shows it, and the
// menu group it belongs to. Routes without `title` are not in the menu.
import 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    icon?: string // an @element-plus/icons-vue component name
    permission?: string
    group?: string // menu group title ("系统管理")
    public?: boolean
    hidden?: boolean
  }
}

export {}
