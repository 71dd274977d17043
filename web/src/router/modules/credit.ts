// 信用监管: the joint-punishment procedure (失信联合惩戒) worklist and each procedure's page; the
// pre-contract query (签约前信用查询) for every department, enterprise and bank.
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
    path: 'credit/listings/:listingId',
    name: 'credit-listing',
    component: () => import('@/views/credit/ListingDetail.vue'),
    meta: { title: '惩戒程序', permission: 'credit.read', hidden: true },
    props: true,
  },
]
export default routes
