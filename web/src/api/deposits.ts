// /api/v1/projects/{id}/deposit (deposits): the wage guarantee deposit — the required amount with
// the rules that produced it, the instruments lodged, uses, returns and their deadlines.
import { http } from './request'

export interface RequirementLine {
  rule: string
  description: string
  amountAfter: number
}

export interface Requirement {
  contractPrice: number
  requiredAmount: number
  exempt: boolean
  lines: RequirementLine[]
  dueOn: string | null
  dueBasis: string | null
  stored: boolean
  computedAt: string | null
}

export interface Instrument {
  id: string
  form: string // cash | bank_guarantee | guarantee_company | insurance
  issuer: string
  number: string
  amount: number
  balance: number
  lodgedOn: string
  validFrom: string | null
  validTo: string | null
  status: string
  returnedOn: string | null
  expiringSoon?: boolean
  daysToExpiry?: number | null
}

export interface DepositUse {
  id: string
  noticeNumber: string
  noticeOn: string
  amount: number
  payDueOn: string
  paidOn: string | null
  topupDueOn: string | null
  toppedUpOn: string | null
  state?: string
  payOverdue?: boolean
  topupOverdue?: boolean
}

export interface DepositReturn {
  id: string
  appliedOn: string
  noticeEndsOn: string
  reviewDueOn: string
  reviewedOn: string | null
  reviewResult: string | null
  reviewReason: string | null
  confirmDueOn: string | null
  confirmedOn: string | null
  state?: string
  reviewOverdue?: boolean
  confirmOverdue?: boolean
}

export interface DepositOverview {
  projectId: string
  projectStatus: string
  asOf: string
  requirement: Requirement | null
  requirementProblem: string | null
  instruments: Instrument[]
  status: {
    required: number
    lodgedTotal: number
    shortfall: number
    dueOn: string | null
    state: string // exempt | met | late | pending | overdue
    metOn: string | null
    expiringSoon: boolean
    expired: boolean
  }
  uses: DepositUse[]
  returns: DepositReturn[]
}

export const getDeposit = (projectId: string) =>
  http.get<DepositOverview>(`/api/v1/projects/${encodeURIComponent(projectId)}/deposit`)

export const INSTRUMENT_FORM_LABELS: Record<string, string> = {
  cash: '现金',
  bank_guarantee: '银行保函',
  guarantee_company: '担保公司保函',
  insurance: '工程保证保险',
}
export const DEPOSIT_STATE_LABELS: Record<string, string> = {
  exempt: '免缴',
  met: '已足额存储',
  late: '逾期足额',
  pending: '未足额（未到期）',
  overdue: '逾期未足额',
}

// ---- writes: the GC lodges and applies; supervisors issue uses, record payments, review and confirm ----
const dep = (projectId: string) => `/api/v1/projects/${encodeURIComponent(projectId)}/deposit`
export interface NewInstrument {
  form: string
  issuer: string
  number: string
  amount: number // fen
  lodgedOn: string
  validFrom?: string
  validTo?: string
}
export interface NewUse {
  instrumentId: string
  noticeNumber: string
  noticeOn: string
  workers: { workerId: string; amount: number }[]
}
export const recomputeRequirement = (projectId: string) => http.post<Requirement>(`${dep(projectId)}/requirement`)
export const lodgeInstrument = (projectId: string, input: NewInstrument) => http.post<Instrument>(`${dep(projectId)}/instruments`, input)
export const issueUse = (projectId: string, input: NewUse) => http.post<DepositUse>(`${dep(projectId)}/uses`, input)
export const recordUsePayment = (projectId: string, useId: string, paidOn: string) =>
  http.post<DepositUse>(`${dep(projectId)}/uses/${encodeURIComponent(useId)}/payment`, { paidOn })
export const recordTopup = (projectId: string, useId: string, toppedUpOn: string) =>
  http.post<DepositUse>(`${dep(projectId)}/uses/${encodeURIComponent(useId)}/topup`, { toppedUpOn })
export const applyReturn = (projectId: string, appliedOn: string, pledge: boolean) =>
  http.post<DepositReturn>(`${dep(projectId)}/returns`, { appliedOn, pledge })
export const reviewReturn = (projectId: string, returnId: string, result: 'approved' | 'refused', reason: string, reviewedOn: string) =>
  http.post<DepositReturn>(`${dep(projectId)}/returns/${encodeURIComponent(returnId)}/review`, { result, reason, reviewedOn })
export const confirmReturn = (projectId: string, returnId: string, confirmedOn: string) =>
  http.post<DepositReturn>(`${dep(projectId)}/returns/${encodeURIComponent(returnId)}/confirmation`, { confirmedOn })
// The general contractor's record for a year (the deposit's 差异化 rules read it): arrears that year,
// and whether real-name registration and the dedicated account were kept. Supervisors declare it.
export const declareHistory = (input: { enterpriseId: string; year: number; hadArrears: boolean; realNameAndAccount: boolean; note?: string }) =>
  http.post<unknown>('/api/v1/deposits/history', input)
