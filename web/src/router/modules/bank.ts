// 银行端: the dedicated-account bank's daily work — the direct-pay batches waiting for it (download the
// bank file, upload the return file), and the accounts it holds with their transactions (bank feed).
import type { RouteRecordRaw } from 'vue-router'

const group = '银行端'
const routes: RouteRecordRaw[] = [
  {
    path: 'bank/pay-batches',
    name: 'bank-pay-batches',
    component: () => import('@/views/bank/PayBatchList.vue'),
    meta: { title: '代发批次', icon: 'Money', permission: 'paybatch.return', group },
  },
  {
    path: 'bank/pay-batches/:batchId',
    name: 'bank-pay-batch',
    component: () => import('@/views/bank/PayBatchDetail.vue'),
    meta: { title: '代发批次详情', permission: 'payroll.read', hidden: true },
    props: true,
  },
  {
    path: 'bank/accounts',
    name: 'bank-accounts',
    component: () => import('@/views/bank/BankAccounts.vue'),
    meta: { title: '工资专户与流水', icon: 'CreditCard', permission: 'bankfeed.write', group },
  },
]
export default routes
