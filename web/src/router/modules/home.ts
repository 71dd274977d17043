import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  { path: '', name: 'home', component: () => import('@/views/home/HomeView.vue'), meta: { title: '首页', icon: 'HomeFilled' } },
  // From the user menu, not the side menu: every role has one.
  {
    path: 'account/security',
    name: 'account-security',
    component: () => import('@/views/account/SecurityView.vue'),
    meta: { title: '账号安全', hidden: true },
  },
]
export default routes
