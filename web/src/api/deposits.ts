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
