// Messages (notify): the outbox as supervisors review it (every SMS and internal message about their
// region, its state, a retry for failures) and an official's inbox (internal messages to them, their
// region's handlers and principal officials).
import { http, type Paged } from './request'

export type MessageStatus = 'pending' | 'sending' | 'sent' | 'failed'
export type MessageChannel = 'sms' | 'internal'

export interface OutboxMessage {
  id: string
  channel: MessageChannel
  recipient: string // masked phone, or "user:…", "region:…", "county-principal:…"
  template: string
  body: string
  status: MessageStatus
  attempts: number
  nextAttemptAt: string
  lastError: string | null
  sentAt: string | null
  createdAt: string
  regionCode: string | null
  readAt: string | null
}

export interface OutboxFilter {
  status?: MessageStatus | ''
  channel?: MessageChannel | ''
  page?: number
  pageSize?: number
}

export const MESSAGE_STATUS_LABELS: Record<MessageStatus, string> = {
  pending: '待发送',
  sending: '发送中',
  sent: '已发送',
  failed: '发送失败',
}
export const MESSAGE_CHANNEL_LABELS: Record<MessageChannel, string> = { sms: '短信', internal: '站内消息' }
export const TEMPLATE_LABELS: Record<string, string> = {
  'clue.accepted': '线索受理告知',
  'clue.gc_notice': '总包企业告知',
  'case.step': '办理进展告知',
  'case.closed': '办结告知',
  'case.assigned': '案件交办',
  'case.deadline_soon': '期限提醒',
  'case.card': '红牌督办',
  'case.key_clue': '重点督办',
  'case.leader_assigned': '领导包案',
  'warning.raised': '预警告知',
  'warning.escalated': '预警升级',
  'warning.deadline_soon': '预警整改期限提醒',
}

// Who an internal message went to: a user by name, or a region's handlers or principal officials
// (the region for <RegionName>, the role in words).
export function recipientOf(recipient: string): { user?: string; regionCode?: string; role?: string } {
  if (recipient.startsWith('user:')) return { user: recipient.slice(5) }
  if (recipient.startsWith('region:')) return { regionCode: recipient.slice(7), role: '承办人员' }
  if (recipient.startsWith('county-principal:')) return { regionCode: recipient.slice(17), role: '主要负责同志' }
  return { user: recipient }
}

export const listOutbox = (filter: OutboxFilter) => http.get<Paged<OutboxMessage>>('/api/v1/outbox', { ...filter })
export const retryMessage = (id: string) => http.post<OutboxMessage>(`/api/v1/outbox/${encodeURIComponent(id)}/retry`)
export const listInbox = (query: { unread?: boolean; page?: number; pageSize?: number }) =>
  http.get<Paged<OutboxMessage>>('/api/v1/inbox', { ...query, unread: query.unread ? 'true' : undefined })
export const markRead = (id: string) => http.post<OutboxMessage>(`/api/v1/inbox/${encodeURIComponent(id)}/read`)
