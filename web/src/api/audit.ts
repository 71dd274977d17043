// GET /api/v1/audit (audit.read): the hash-chained audit trail, newest first.
import { http, type Paged } from './request'

export interface AuditEvent {
  seq: number
  id: string
  at: string
  actorId: string
  actorName: string
  actorRole: string
  action: string
  entity: string
  entityId: string
  requestId: string
  changeDigest: string
  hash: string
}

export interface AuditFilter {
  entity?: string
  entityId?: string
  actorId?: string
  action?: string
  from?: string // YYYY-MM-DD
  to?: string
  page?: number
  pageSize?: number
}

export const listAudit = (filter: AuditFilter) => http.get<Paged<AuditEvent>>('/api/v1/audit', { ...filter })
