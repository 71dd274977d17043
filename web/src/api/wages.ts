// Wages module: a project's dedicated wage account (专户) with its deadlines, labor-cost allocations
// against what is due, payrolls with their lines, and bank direct-pay batches with returns.
// Amounts are fen; card and account numbers arrive masked.
import { http } from './request'

const project = (id: string) => `/api/v1/projects/${encodeURIComponent(id)}`

export interface Deadline {
  dueOn: string | null
  doneOn: string | null
  status: string // met | late | pending | overdue | unknown
  days: number
}

export interface Account {
  id: string
  projectId: string
  generalContractorId: string
  bankCode: string
  bankName: string
  branchName: string
  accountName: string
  accountNumber: string
  revealed: boolean
  openedOn: string
  agreementRef: string | null
  agreementSignedOn: string | null
  filedOn: string | null
  status: string // open | closing | closed
  closureNoticeOn: string | null
  closedOn: string | null
}

export interface AccountView {
  projectId: string
  projectCode: string
  projectName: string
  projectStatus: string
  account: Account | null
  deadlines: { open: Deadline; filing: Deadline }
  closureNoticeEndsOn: string | null
  credits: number
  debits: number
  balance: number
  flaggedDebits: number
}

export interface Allocation {
  id: string
  period: string
  amount: number
  allocatedOn: string
  bankTxnId: string | null
  createdAt: string
}

export interface LaborCostMonth {
  period: string
  outputValue: number | null
  progressPayment: number | null
  basis: string
  due: number | null
  allocated: number
  shortfall: number
  dueOn: string
  overdue: boolean
  progressPaymentRatioBp: number | null
  progressPaymentBelow80: boolean
}

export interface LaborCostReport {
  projectId: string
  investmentType: string
  clause: string
  laborCostAmount: number | null
  laborCostRatioBp: number | null
  laborCostDay: number | null
  months: LaborCostMonth[]
  totalDue: number
  totalAllocated: number
  totalShortfall: number
}

export interface PayrollLine {
  id: string
  workerId: string
  workerName: string
  idNumber: string
  phone: string | null
  contractId: string | null
  wageType: string
  days: number
  minutes: number
  basePay: number
  overtimePay: number
  otherPay: number
  grossPay: number
  deductions: number
  deductionNote: string
  netPay: number
  note: string
  confirmedAt: string | null
  confirmMethod: string | null
  paidAmount: number
  paidOn: string | null
  bankReference: string | null
}

export interface Payroll {
  id: string
  projectId: string
  employerId: string
  employerName: string
  teamId: string | null
  period: string
  payDate: string
  source: string
  status: string // draft | submitted | approved | paying | paid
  submittedAt: string | null
  approvedAt: string | null
  grossTotal: number
  deductionsTotal: number
  netTotal: number
  paidTotal: number
  unpaidTotal: number
  lines: PayrollLine[]
}

export interface PayBatchLine {
  payrollLineId: string
  reference: string
  workerId: string
  payeeName: string
  bankCard: string | null
  bankName: string | null
  amount: number
  status: string // pending | paid | failed
  failureReason: string | null
  settledOn: string | null
  bankReference: string | null
}

export interface PayBatch {
  id: string
  payrollId: string
  period: string
  bankCode: string
  sequence: number
  status: string // issued | returned
  lineCount: number
  totalAmount: number
  paidAmount: number
  failedAmount: number
  issuedAt: string
  returnedAt: string | null
  lines: PayBatchLine[]
}

export const getAccount = (projectId: string) => http.get<AccountView>(`${project(projectId)}/account`)
export const listAllocations = (projectId: string) =>
  http.get<{ items: Allocation[] }>(`${project(projectId)}/allocations`).then((r) => r.items)
export const laborCost = (projectId: string, from: string, to: string) =>
  http.get<LaborCostReport>(`${project(projectId)}/labor-cost`, { from, to })
export const listPayrolls = (projectId: string, q: { period?: string; status?: string } = {}) =>
  http.get<{ items: Payroll[] }>(`${project(projectId)}/payrolls`, q).then((r) => r.items)
export const listPayBatches = (payrollId: string) =>
  http.get<{ items: PayBatch[] }>(`/api/v1/payrolls/${encodeURIComponent(payrollId)}/pay-batches`).then((r) => r.items)

export const PAYROLL_STATUS_LABELS: Record<string, string> = {
  draft: '草稿',
  submitted: '已提交',
  approved: '已审核',
  paying: '发放中',
  paid: '已发放',
}
export const DEADLINE_STATUS_LABELS: Record<string, string> = {
  met: '按时完成',
  late: '逾期完成',
  pending: '未到期',
  overdue: '已逾期',
  unknown: '无法判断',
}
