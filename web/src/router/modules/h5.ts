// The worker H5 pages (no login, own light layout, outside the console's menu): /h5/p/:token from
// the project QR code, /h5/ without a project, /h5/track to follow a complaint, /h5/credit the public
// credit information (the joint-punishment list, the quarterly publications, the incentive list).
import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/h5',
    component: () => import('@/layouts/H5Layout.vue'),
    meta: { public: true, hidden: true },
    children: [
      { path: '', name: 'h5-home', component: () => import('@/views/h5/ComplaintView.vue'), meta: { public: true, title: '欠薪投诉' } },
      { path: 'p/:token', name: 'h5-project', component: () => import('@/views/h5/ComplaintView.vue'), meta: { public: true, title: '欠薪投诉' } },
      { path: 'track', name: 'h5-track', component: () => import('@/views/h5/TrackView.vue'), meta: { public: true, title: '投诉进度查询' } },
      { path: 'credit', name: 'h5-credit', component: () => import('@/views/h5/CreditView.vue'), meta: { public: true, title: '信用信息公示' } },
    ],
  },
]
export default routes
