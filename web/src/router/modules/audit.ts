import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: 'audit',
    name: 'audit',
    component: () => import('@/views/audit/AuditLog.vue'),
    meta: { title: '审计日志', icon: 'Document', permission: 'audit.read', group: '安全审计' },
  },
]
export default routes
