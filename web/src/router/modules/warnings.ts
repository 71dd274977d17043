// 风险预警: red / yellow / blue warnings (the project page has each project's history in its 预警 tab).
import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: 'warnings',
    name: 'warnings',
    component: () => import('@/views/warnings/WarningList.vue'),
    meta: { title: '预警', icon: 'Bell', permission: 'warning.read', group: '欠薪处置' },
  },
]
export default routes
