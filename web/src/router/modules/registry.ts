import type { RouteRecordRaw } from 'vue-router'

const group = '实名登记'
const routes: RouteRecordRaw[] = [
  {
    path: 'projects',
    name: 'projects',
    component: () => import('@/views/projects/ProjectList.vue'),
    meta: { title: '项目', icon: 'OfficeBuilding', permission: 'project.read', group },
  },
  {
    path: 'projects/:projectId',
    name: 'project-detail',
    component: () => import('@/views/projects/ProjectDetail.vue'),
    meta: { title: '项目详情', permission: 'project.read', hidden: true },
    props: true,
  },
  {
    path: 'enterprises',
    name: 'enterprises',
    component: () => import('@/views/enterprises/EnterpriseList.vue'),
    meta: { title: '企业', icon: 'Briefcase', permission: 'enterprise.read', group },
  },
  {
    path: 'workers',
    name: 'workers',
    component: () => import('@/views/workers/WorkerList.vue'),
    meta: { title: '工人', icon: 'User', permission: 'worker.read', group },
  },
]
export default routes
