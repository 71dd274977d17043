import type { RouteRecordRaw } from 'vue-router'

const group = '系统管理'
const routes: RouteRecordRaw[] = [
  {
    path: 'system/users',
    name: 'users',
    component: () => import('@/views/system/UserList.vue'),
    meta: { title: '用户', icon: 'Avatar', permission: 'user.read', group },
  },
  {
    path: 'system/departments',
    name: 'departments',
    component: () => import('@/views/system/DepartmentList.vue'),
    meta: { title: '部门', icon: 'School', permission: 'department.read', group },
  },
  {
    path: 'system/parameters',
    name: 'parameters',
    component: () => import('@/views/system/ParameterList.vue'),
    meta: { title: '参数', icon: 'Setting', permission: 'parameter.read', group },
  },
  {
    path: 'system/calendar',
    name: 'calendar',
    component: () => import('@/views/system/CalendarView.vue'),
    meta: { title: '节假日安排', icon: 'Calendar', permission: 'calendar.read', group },
  },
]
export default routes
