// /api/v1/cases (cases): inspection cases in the caller's scope, the case page (claims ledger,
// timeline, deadlines, the steps allowed now), handling steps, and the daily circular
// (/api/v1/reports/daily-circular, JSON or XLSX). Money is integer fen throughout.
import { http, requestBlob, type Paged } from './request'

export type CaseState = 'accepted' | 'contacted' | 'verifying' | 'mediating' | 'ordered' | 'paying' | 'closed'

export interface CaseSummary {
  id: string
  number: string // AX-370102-2026-000123
  projectId: string | null
  employerId: string | null
  employerName: string
  regionCode: string
  countyCode: string
  handlingRegion: string // county; the city after one reopen, the province after two
  industry: string | null
  channel: string | null
  warningId: string | null
  collective: boolean
  state: CaseState
  stateLabel: string
  conclusion: string | null
  escalationLevel: number
  card: 'yellow' | 'red' | null
  cardAt: string | null
  keyGrade: 'red' | 'yellow' | 'blue' | null
  stepDeadlineOn: string | null
  closeDeadlineOn: string | null
  paused: boolean
  pausedReason: string | null
  pausedSince: string | null
  pausedWorkingDays: number
  investigation: boolean
  extended: boolean
  payByOn: string | null
  claimedAmount: number
  recoveredAmount: number
  firstContactAt: string | null
  lastProgressAt: string
  openedAt: string
  closedAt: string | null
  leaderId: string | null // 领导包案
  leaderName: string | null
  satisfaction: 'satisfied' | 'basic' | 'unsatisfied' | null // the latest call-back (回访)
}

export interface Claim {
  clueId: string
  // Absent for enterprise users: they never learn who complained.
  workerId?: string | null
  workerName?: string | null
  workerCount: number
  amount: number
  unpaidFrom: string | null
  unpaidTo: string | null
  paidConfirmed: number
  workerConfirmed: boolean
  uncovered: number
  createdAt: string
}

export interface CaseStep {
  id: string
  seq: number
  kind: string
  label: string
  actorId: string
  actorName: string
  at: string
  detail: Record<string, unknown>
  attachments: { id: string; fileName: string; contentType: string; size: number }[] // files (api/files.ts)
}

export interface FundAdvance {
  id: string
  amount: number
  approvedBy: string
  advancedOn: string
  repaidAmount: number
  repaidOn: string | null
}

export interface CaseDetail extends CaseSummary {
  claims: Claim[]
  timeline: CaseStep[]
  fundAdvances: FundAdvance[]
  uncovered: number // what closing as 已全额支付 still lacks
  deadlines: {
    baseOn: string
    acceptDue: string
    firstContactDue: string
    firstResponseDue: string
    closeDue: string
    stepDue: string | null
    workingDaysLeft: number | null // to stepDue; negative = overdue
    uncertain: boolean // a deadline in a year whose holidays are not loaded yet: it may move
  }
  crime: {
    singleWorkerThreshold: number
    totalThreshold: number
    workers: number
    total: number
    largestSingle: number
    crosses: boolean
    reason: string
  }
  allowedSteps: string[] // the staff steps the workflow allows now, in table order
}

export interface CaseFilter {
  state?: string // one state or several, comma-separated
  card?: 'yellow' | 'red'
  channel?: string
  projectId?: string
  employer?: string
  keyGrade?: string
  leader?: 'me' // the cases the caller took as leader
  number?: string // one case by its number
  regionCode?: string
  deadlineFrom?: string // step deadline, YYYY-MM-DD inclusive
  deadlineBefore?: string
  page?: number
  pageSize?: number
}

// The form of a staff step as the server publishes it (GET /api/v1/case-step-forms): the one
// definition of every field, limit and option the server reads.
export type StepFieldType = 'text' | 'textarea' | 'yuan' | 'date' | 'datetime' | 'select' | 'advance' | 'region' | 'staff'
export interface StepField {
  name: string // as the server names it; also the form prop
  label: string
  type: StepFieldType
  required: boolean
  maxChars?: number // text fields
  minFen?: number // yuan fields: the smallest amount in fen
  options?: { value: string; label: string }[]
  placeholder?: string
  notPast?: boolean // dates: not before today
  notFuture?: boolean // date-times: not after now
}
export interface StepForm {
  kind: string
  title: string // the button / panel title
  hint?: string
  danger: boolean // asks for confirmation before recording
  fields: StepField[]
}

// A step as posted: its kind plus the fields of its form.
export interface NewStep {
  kind: string
  attachments?: string[]
  [field: string]: unknown
}

export interface CircularRow {
  key: string // county code or industry
  name: string
  newCases: number
  closed: number
  overdue: number
  yellow: number
  red: number
  claimed: number
  recovered: number
}

export interface Circular {
  date: string
  scope: string
  total: CircularRow
  byCounty: CircularRow[]
  byIndustry: CircularRow[]
}

const base = (id: string) => `/api/v1/cases/${encodeURIComponent(id)}`
export const listCases = (filter: CaseFilter) => http.get<Paged<CaseSummary>>('/api/v1/cases', { ...filter })
export const getCase = (id: string) => http.get<CaseDetail>(base(id))
export const listStepForms = () => http.get<{ items: StepForm[] }>('/api/v1/case-step-forms')
export const addCaseStep = (id: string, step: NewStep) => http.post<CaseDetail>(`${base(id)}/steps`, step)
export const getDailyCircular = (date: string) => http.get<Circular>('/api/v1/reports/daily-circular', { date })
export const downloadDailyCircular = (date: string): Promise<Blob> =>
  requestBlob('/api/v1/reports/daily-circular', { date, format: 'xlsx' })
