// Wages module: a project's dedicated wage account (专户) with its deadlines, labor-cost allocations
// against what is due, payrolls with their lines, and bank direct-pay batches with returns.
// Amounts are fen; card and account numbers arrive masked.
import { http, requestBlob, requestUpload, type Paged } from './request'

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
  agreementFile: { id: string; fileName: string } | null // the signed scan (api/files.ts)
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
  projectId: string
  projectName: string
  employerName: string // who pays through the account
  accountId: string
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

// ---- the bank end: batches waiting for the bank, its files, the accounts it holds ----
export interface AccountListItem extends AccountView {
  regionCode: string
}
export interface AccountTxn {
  accountId: string
  bankTxnId: string
  direction: string // credit | debit
  amount: number
  bookedOn: string
  counterpartyName: string
  counterpartyAccount: string | null
  purpose: string
  workerId: string | null
  flagged: boolean
  flagReason: string | null
  createdAt: string
}
export interface FeedResult {
  accepted: number
  duplicates: number
  flagged: number
  matchedAllocations: number
  rejected: number
  duplicateRows: number[]
  errors: { row: number; bankTxnId: string; field: string; reason: string }[]
}

const batch = (id: string) => `/api/v1/pay-batches/${encodeURIComponent(id)}`
export const listBankPayBatches = (status?: string) =>
  http.get<{ items: PayBatch[] }>('/api/v1/pay-batches', { status: status || undefined }).then((r) => r.items)
export const getPayBatch = (id: string) => http.get<PayBatch>(batch(id))
export const downloadPayBatchFile = (id: string, format: 'csv' | 'xlsx') => requestBlob(`${batch(id)}/file.${format}`)
export const uploadPayBatchReturn = (id: string, file: File) => requestUpload<PayBatch>(`${batch(id)}/return`, file)
export const listAccounts = (q: { page?: number; pageSize?: number; status?: string; regionCode?: string }) =>
  http.get<Paged<AccountListItem>>('/api/v1/accounts', q)
export const listAccountTxns = (accountId: string, q: { page?: number; pageSize?: number } = {}) =>
  http.get<Paged<AccountTxn>>(`/api/v1/accounts/${encodeURIComponent(accountId)}/transactions`, q)
// A CSV (or XLSX) of account transactions, as the bank exports them.
export const uploadBankFeed = (file: File) =>
  requestUpload<FeedResult>('/api/v1/bank-feed', file, undefined, {
    'Content-Type': file.name.toLowerCase().endsWith('.xlsx')
      ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      : 'text/csv',
  })

export const PAY_BATCH_STATUS_LABELS: Record<string, string> = { issued: '待银行回盘', returned: '已回盘' }
export const PAY_LINE_STATUS_LABELS: Record<string, string> = { pending: '待处理', paid: '已到账', failed: '失败' }
export const ACCOUNT_STATUS_LABELS: Record<string, string> = { open: '正常', closing: '销户公示中', closed: '已销户' }
export const TXN_DIRECTION_LABELS: Record<string, string> = { credit: '收入', debit: '支出' }

// ---- the enterprise end of the account: open and file it, monthly output value, allocations ----
export interface NewAccount {
  bankCode: string
  bankName: string
  branchName?: string
  accountName: string
  accountNumber: string
  openedOn: string
  agreementRef?: string
  agreementSignedOn?: string
  filedOn?: string
}
export interface AccountPatch {
  branchName?: string
  agreementRef?: string
  agreementFileId?: string // a file uploaded for this project; "" removes it
  agreementSignedOn?: string
  filedOn?: string
}
export interface OutputValueInput {
  outputValue: number // fen
  progressPayment?: number
  settledOn?: string
}
export interface NewAllocation {
  period: string
  amount: number
  allocatedOn: string
}
export const openAccount = (projectId: string, input: NewAccount) => http.post<AccountView>(`${project(projectId)}/account`, input)
export const updateAccount = (projectId: string, patch: AccountPatch) => http.patch<AccountView>(`${project(projectId)}/account`, patch)
export const requestAccountClosure = (projectId: string, noticeOn: string) =>
  http.post<AccountView>(`${project(projectId)}/account/closure`, { noticeOn })
export const closeAccount = (projectId: string, closedOn: string) => http.post<AccountView>(`${project(projectId)}/account/close`, { closedOn })
export const saveOutputValue = (projectId: string, period: string, input: OutputValueInput) =>
  http.put<unknown>(`${project(projectId)}/output-values/${encodeURIComponent(period)}`, input)
export const recordAllocation = (projectId: string, input: NewAllocation) =>
  http.post<Allocation>(`${project(projectId)}/allocations`, input)

// ---- payrolls: draft from attendance, lines, submission, the workers' confirmation, approval, batch ----
export interface NewPayroll {
  employerId: string
  teamId?: string
  period: string
  payDate?: string
}
export interface LinePatch {
  days?: number
  basePay?: number
  overtimePay?: number
  otherPay?: number
  deductions?: number
  deductionNote?: string
  note?: string
}
const payroll = (id: string) => `/api/v1/payrolls/${encodeURIComponent(id)}`
export const createPayroll = (projectId: string, input: NewPayroll) => http.post<Payroll>(`${project(projectId)}/payrolls`, input)
export const addPayrollLine = (payrollId: string, line: LinePatch & { workerId: string }) =>
  http.post<Payroll>(`${payroll(payrollId)}/lines`, line)
// A payroll sheet from the employer's own Excel/CSV (身份证号, 姓名, 出勤天数, 应发, 扣款, 实发, 备注):
// all rows or none (a 422 saying how many rows are wrong).
export const importPayroll = (projectId: string, input: NewPayroll, file: File) =>
  requestUpload<Payroll>(`${project(projectId)}/payrolls/import`, file, {
    employerId: input.employerId, period: input.period, teamId: input.teamId, payDate: input.payDate,
  })
export const updatePayrollLine = (payrollId: string, lineId: string, patch: LinePatch) =>
  http.patch<Payroll>(`${payroll(payrollId)}/lines/${encodeURIComponent(lineId)}`, patch)
export const removePayrollLine = (payrollId: string, lineId: string) =>
  http.del<Payroll>(`${payroll(payrollId)}/lines/${encodeURIComponent(lineId)}`)
export const submitPayroll = (id: string) => http.post<Payroll>(`${payroll(id)}/submission`)
export const reopenPayroll = (id: string) => http.post<Payroll>(`${payroll(id)}/reopening`)
export const confirmPayrollLine = (id: string, lineId: string, method: 'signature' | 'h5' | 'sms') =>
  http.post<Payroll>(`${payroll(id)}/lines/${encodeURIComponent(lineId)}/confirmation`, { method })
export const approvePayroll = (id: string) => http.post<Payroll>(`${payroll(id)}/approval`)
export const issuePayBatch = (id: string) => http.post<PayBatch>(`${payroll(id)}/pay-batches`)

// The banks a dedicated account is opened at (code → name); the code scopes the bank's operators.
export const BANKS: Record<string, string> = {
  ICBC: '中国工商银行', CCB: '中国建设银行', ABC: '中国农业银行', BOC: '中国银行', BCM: '交通银行',
  PSBC: '中国邮政储蓄银行', SDRCU: '山东省农村信用社',
}

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
