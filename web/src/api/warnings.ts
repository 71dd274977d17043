// /api/v1/warnings (warnings): red / yellow / blue risk warnings in the caller's scope, the
// indicator catalog, a project's history and the lifecycle (acknowledge, handling, dismiss).
// Evidence arrives as the server masks it for the role (worker names masked but for supervisors).
import { http, type Paged } from './request'

export type WarningLevel = 'red' | 'yellow' | 'blue'
export type WarningStatus = 'open' | 'acknowledged' | 'handling' | 'cleared' | 'dismissed' | 'escalated'

export interface Warning {
  id: string
  indicator: string
  indicatorName: string | null
  subjectKind: string
  subjectId: string
  period: string
  projectId: string | null
  enterpriseId: string | null
  regionCode: string
  industry: string
  level: WarningLevel
  status: WarningStatus
  evidence: unknown
  explanation: string
  firstSeenAt: string
  lastSeenAt: string
  levelChangedAt: string
  raisedOn: string
  deadlineOn: string
  responsibleKind: string
  responsibleId: string | null
  caseId: string | null
  clearedAt: string | null
  dismissedReason: string | null
  dismissedBy: string | null
}

export interface WarningEvent {
  id: string
  kind: string
  at: string
  actor: string
  detail: unknown
}

export interface WarningDetail extends Warning {
  events: WarningEvent[]
}

export interface Indicator {
  code: string
  name: string
  family: string
  levels: string
  basis: string
  responsible: string
  evaluated: boolean
  notEvaluated: string
}

export interface WarningSummary {
  regionCode: string
  byLevel: Record<string, number>
  byStatus: Record<string, number>
  byIndicator: Record<string, number>
  byCounty: { countyCode: string; red: number; yellow: number; blue: number }[]
  cleared: number
  clearedWithinDeadline: number
  clearanceRate: number
}

export interface WarningFilter {
  regionCode?: string
  level?: string
  indicator?: string
  projectId?: string
  enterpriseId?: string
  status?: string // one of WarningStatus or "active"
  page?: number
  pageSize?: number
}

const one = (id: string) => `/api/v1/warnings/${encodeURIComponent(id)}`
export const listWarnings = (filter: WarningFilter) => http.get<Paged<Warning>>('/api/v1/warnings', { ...filter })
export const warningSummary = (regionCode?: string) => http.get<WarningSummary>('/api/v1/warnings/summary', { regionCode })
export const warningIndicators = () => http.get<{ items: Indicator[] }>('/api/v1/warnings/indicators').then((r) => r.items)
export const getWarning = (id: string) => http.get<WarningDetail>(one(id))
export const projectWarnings = (projectId: string) =>
  http.get<{ items: Warning[] }>(`/api/v1/projects/${encodeURIComponent(projectId)}/warnings`).then((r) => r.items)
export const acknowledgeWarning = (id: string, note?: string) => http.post<Warning>(`${one(id)}/acknowledge`, note ? { note } : {})
export const startHandlingWarning = (id: string, note?: string) => http.post<Warning>(`${one(id)}/handling`, note ? { note } : {})
export const dismissWarning = (id: string, reason: string) => http.post<Warning>(`${one(id)}/dismiss`, { reason })
