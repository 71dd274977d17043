import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  { path: '', name: 'home', component: () => import('@/views/home/HomeView.vue'), meta: { title: '首页', icon: 'HomeFilled' } },
]
export default routes
