// 欠薪处置: the clue/case workbench, the clue and case pages, the daily circular (日通报).
import type { RouteRecordRaw } from 'vue-router'

const group = '欠薪处置'
const routes: RouteRecordRaw[] = [
  {
    path: 'cases',
    name: 'cases',
    component: () => import('@/views/cases/CaseWorkbench.vue'),
    meta: { title: '案件工作台', icon: 'Tickets', permission: 'case.read', group },
  },
  {
    path: 'cases/:caseId',
    name: 'case-detail',
    component: () => import('@/views/cases/CaseDetail.vue'),
    meta: { title: '案件详情', permission: 'case.read', hidden: true },
    props: true,
  },
  {
    path: 'clues/:clueId',
    name: 'clue-detail',
    component: () => import('@/views/cases/ClueDetail.vue'),
    meta: { title: '线索详情', permission: 'clue.read', hidden: true },
    props: true,
  },
  {
    path: 'reports/daily-circular',
    name: 'daily-circular',
    component: () => import('@/views/cases/DailyCircular.vue'),
    meta: { title: '日通报', icon: 'DataAnalysis', permission: 'report.read', group },
  },
]
export default routes
