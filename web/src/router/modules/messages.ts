// 消息: an official's inbox (internal messages to them, their region's handlers and principal
// officials) and the outbox review (every SMS and message about the region, its state, retry).
import type { RouteRecordRaw } from 'vue-router'

const group = '消息'
const routes: RouteRecordRaw[] = [
  {
    path: 'messages/inbox',
    name: 'inbox',
    component: () => import('@/views/messages/InboxList.vue'),
    meta: { title: '我的消息', icon: 'Bell', permission: 'inbox.read', group },
  },
  {
    path: 'messages/outbox',
    name: 'outbox',
    component: () => import('@/views/messages/OutboxList.vue'),
    meta: { title: '发送记录', icon: 'Message', permission: 'outbox.read', group },
  },
]
export default routes
