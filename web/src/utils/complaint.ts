// The complaint form's checks, shared by the worker's H5 page and the staff's 登记线索 dialog: the
// same fields, the same rules as the server's clue intake (clues/clue_json.cpp), the body it reads.
import type { ComplaintBody } from '@/api/clues'
import { yuanToFen } from './money'

export type { ComplaintBody }

export interface ComplaintForm {
  complainantName: string
  phone: string
  idNumber: string
  employerName: string
  employerAddress: string
  unpaidFrom: string // YYYY-MM
  unpaidTo: string
  amount: string // yuan as typed
  workerCount: string
  description: string
  identityDisclosureAgreed: boolean
}

export const COMPLAINT_FIELDS = [
  'complainantName', 'phone', 'idNumber', 'employerName', 'employerAddress', 'unpaidFrom', 'unpaidTo', 'amount',
  'workerCount', 'description',
] as const

export const emptyComplaint = (): ComplaintForm => ({
  complainantName: '',
  phone: '',
  idNumber: '',
  employerName: '',
  employerAddress: '',
  unpaidFrom: '',
  unpaidTo: '',
  amount: '',
  workerCount: '1',
  description: '',
  identityDisclosureAgreed: false,
})

// Every problem by field name (empty when none) and, when there is none, the body the server reads.
// employerRequired: without a project the employer's name is what routes the complaint.
export function checkComplaint(
  form: ComplaintForm, employerRequired: boolean,
): { errors: Record<string, string>; body: ComplaintBody | null } {
  const errors: Record<string, string> = {}
  if (!form.complainantName.trim()) errors.complainantName = '请填写姓名'
  if (!form.phone) errors.phone = '请填写手机号'
  else if (!/^\+?[0-9][0-9 -]{5,18}[0-9]$/.test(form.phone)) errors.phone = '手机号格式不正确'
  if (form.idNumber && !/^\d{17}[\dXx]$/.test(form.idNumber)) errors.idNumber = '身份证号应为 18 位'
  if (employerRequired && !form.employerName.trim()) errors.employerName = '请填写用工单位名称'
  const amount = yuanToFen(form.amount)
  if (!form.amount) errors.amount = '请填写欠薪金额'
  else if (amount === null) errors.amount = '请填写金额，如 3500 或 3500.50'
  else if (amount <= 0) errors.amount = '金额应大于 0'
  const count = form.workerCount === '' ? 1 : Number(form.workerCount)
  if (!Number.isInteger(count) || count < 1 || count > 100000) errors.workerCount = '请填写 1 以上的整数'
  if (form.unpaidFrom && form.unpaidTo && form.unpaidFrom > form.unpaidTo) errors.unpaidTo = '截止月份不能早于起始月份'
  if (Object.keys(errors).length > 0 || amount === null) return { errors, body: null }
  const body: ComplaintBody = {
    complainantName: form.complainantName.trim(),
    phone: form.phone,
    amount,
    workerCount: count,
    identityDisclosureAgreed: form.identityDisclosureAgreed,
  }
  if (form.idNumber) body.idNumber = form.idNumber.toUpperCase()
  if (form.employerName.trim()) body.employerName = form.employerName.trim()
  if (form.employerAddress.trim()) body.employerAddress = form.employerAddress.trim()
  if (form.unpaidFrom) body.unpaidFrom = form.unpaidFrom
  if (form.unpaidTo) body.unpaidTo = form.unpaidTo
  if (form.description.trim()) body.description = form.description.trim()
  return { errors, body }
}
