// History-mode routes: /login outside the layout, every other page inside it. Each module's routes
// live in router/modules/<module>.ts (lazy pages); the menu is built from them.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import './types'
import audit from './modules/audit'
import bank from './modules/bank'
import cases from './modules/cases'
import credit from './modules/credit'
import h5 from './modules/h5'
import home from './modules/home'
import messages from './modules/messages'
import registry from './modules/registry'
import system from './modules/system'
import warnings from './modules/warnings'
import { ApiError } from '@/api/request'
import { useAuthStore } from '@/stores/auth'

// Menu order: home, registry, warnings, cases, credit, messages, bank, system, audit.
export const layoutRoutes: RouteRecordRaw[] = [...home, ...registry, ...warnings, ...cases, ...credit, ...messages, ...bank, ...system, ...audit]

const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/login', name: 'login', component: () => import('@/views/login/LoginView.vue'), meta: { public: true, title: '登录' } },
    {
      path: '/',
      component: () => import('@/layouts/BasicLayout.vue'),
      children: [
        ...layoutRoutes,
        {
          path: 'forbidden', name: 'forbidden', component: () => import('@/views/errors/StatusPage.vue'),
          props: { kind: 'forbidden' }, meta: { title: '无权访问', hidden: true },
        },
        {
          path: ':pathMatch(.*)*', name: 'not-found', component: () => import('@/views/errors/StatusPage.vue'),
          props: { kind: 'not-found' }, meta: { title: '页面不存在', hidden: true },
        },
      ],
    },
    ...h5,
  ],
})

router.beforeEach(async (to) => {
  const auth = useAuthStore()
  if (to.meta.public) return true
  if (!auth.signedIn) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (!auth.user) {
    try {
      await auth.loadMe()
    } catch (e) {
      // A 401 has already ended the session; anything else: sign in again rather than a blank page.
      if (!(e instanceof ApiError && e.status === 401)) auth.end(e instanceof Error ? e.message : String(e))
      return { name: 'login' }
    }
  }
  // An initial password or a missing second factor: the server refuses everything else, so go
  // where it can be done.
  if (auth.pendingSecurity && to.name !== 'account-security') return { name: 'account-security' }
  if (!auth.can(to.meta.permission)) return { name: 'forbidden', query: { page: to.meta.title ?? to.path } }
  return true
})

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · 安薪` : '安薪 · 根治欠薪数字监管平台'
})

export default router
