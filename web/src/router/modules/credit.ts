// 信用监管: the joint-punishment procedure (失信联合惩戒) worklist and each procedure's page.
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
    path: 'credit/listings/:listingId',
    name: 'credit-listing',
    component: () => import('@/views/credit/ListingDetail.vue'),
    meta: { title: '惩戒程序', permission: 'credit.read', hidden: true },
    props: true,
  },
]
export default routes
