// 信用监管: the joint-punishment procedure (失信联合惩戒) worklist and each procedure's page; the
// pre-contract query (签约前信用查询) for every department, enterprise and bank; anomaly records, the
// yearly grades, the quarterly publication; the enterprise's credit file (its own for enterprise users).
import type { RouteRecordRaw } from 'vue-router'

const group = '信用监管'
const routes: RouteRecordRaw[] = [
  {
    path: 'credit/listings',
    name: 'credit-listings',
    component: () => import('@/views/credit/ListingList.vue'),
    meta: { title: '失信联合惩戒', icon: 'Warning', permission: 'credit.read', group },
  },
  {
    path: 'credit/query',
    name: 'credit-query',
    component: () => import('@/views/credit/CreditQuery.vue'),
    meta: { title: '签约前信用查询', icon: 'Search', permission: 'credit.query', group },
  },
  {
    path: 'credit/anomalies',
    name: 'credit-anomalies',
    component: () => import('@/views/credit/AnomalyList.vue'),
    meta: { title: '信用异常记录', icon: 'Document', permission: 'credit.read', group },
  },
  {
    path: 'credit/grades',
    name: 'credit-grades',
    component: () => import('@/views/credit/GradeRuns.vue'),
    meta: { title: '守法诚信等级', icon: 'Medal', permission: 'credit.read', group },
  },
  {
    path: 'credit/publications',
    name: 'credit-publications',
    component: () => import('@/views/credit/Publications.vue'),
    meta: { title: '重大违法行为公布', icon: 'Notification', permission: 'credit.read', group },
  },
  {
    path: 'credit/mine',
    name: 'credit-mine',
    component: () => import('@/views/credit/CreditProfile.vue'),
    meta: { title: '本企业信用档案', icon: 'Stamp', permission: 'credit.object', group },
  },
  {
    path: 'credit/profiles/:enterpriseId',
    name: 'credit-profile',
    component: () => import('@/views/credit/CreditProfile.vue'),
    meta: { title: '企业信用档案', permission: 'credit.file', hidden: true },
    props: true,
  },
  {
    path: 'credit/listings/:listingId',
    name: 'credit-listing',
    component: () => import('@/views/credit/ListingDetail.vue'),
    meta: { title: '惩戒程序', permission: 'credit.read', hidden: true },
    props: true,
  },
]
export default routes
