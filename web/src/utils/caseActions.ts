// The workbench's rules on the client: queue definitions, Chinese labels of the case workflow, and
// the next-action forms — which steps to offer (the server's allowedSteps, less what the user may
// not do), each step's fields, the checks run before sending, and the body as the server reads it
// (yuan typed by a person → integer fen, exactly). The server stays the judge of every step.
import type { CaseDetail, CaseFilter, NewStep } from '@/api/cases'
import type { ClueFilter } from '@/api/clues'
import { ApiError, errorMessage, mapFieldErrors } from '@/api/request'
import { yuanToFen } from './money'
import { charLength } from './validation'

export const CASE_STATE_LABELS: Record<string, string> = {
  accepted: '已受理',
  contacted: '已联系',
  verifying: '核查中',
  mediating: '调解中',
  ordered: '已责令限期支付',
  paying: '支付中',
  closed: '已办结',
}
export const OPEN_STATES = ['accepted', 'contacted', 'verifying', 'mediating', 'ordered', 'paying'] as const
export const HANDLING_STATES = ['contacted', 'verifying', 'mediating', 'ordered', 'paying'] as const

export const CLUE_STATUS_LABELS: Record<string, string> = {
  received: '待受理',
  accepted: '已受理',
  rejected: '不予受理',
  merged: '已并案',
}

export const CHANNEL_LABELS: Record<string, string> = {
  national_platform: '全国根治欠薪线索反映平台',
  hotline_12345: '12345 热线',
  hotline_12333: '12333 热线',
  petition: '信访',
  walk_in: '来访',
  project_qr: '项目维权二维码',
  web: '网上投诉',
  transfer: '上级交办',
  warning: '预警转办',
}

export const CARD_LABELS: Record<string, string> = { yellow: '黄牌', red: '红牌' }
export const KEY_GRADE_LABELS: Record<string, string> = { red: '红色重点', yellow: '黄色重点', blue: '蓝色重点' }
export const ROUTING_TARGET_LABELS: Record<string, string> = {
  town: '乡镇（街道）',
  county: '县（市、区）',
  department: '行业主管部门',
  gc_headquarters: '总承包企业总部',
}
export const CONTACT_METHOD_LABELS: Record<string, string> = { phone: '电话', sms: '短信', visit: '上门' }

// The standard handling conclusions (cases::StandardConclusions), in the server's order.
export const CONCLUSIONS = [
  '已全额支付', '调解结案', '劳动仲裁', '法院判决', '不属实',
  '不属于职责范围', '已移送公安', '公益诉讼', '应急周转金垫付', '保证金支付',
] as const

// Timeline detail keys in Chinese (anything else is shown by its key).
export const DETAIL_LABELS: Record<string, string> = {
  method: '联系方式',
  contactedAt: '联系时间',
  findings: '核查情况',
  approvedBy: '批准人',
  mediator: '调解员',
  payBy: '限期支付日',
  orderNumber: '责令文书号',
  amount: '金额（元）',
  decisionNumber: '处罚决定书号',
  advanceId: '垫付编号',
  approver: '审批人',
  advancedOn: '垫付日期',
  repaidTotal: '累计追偿（元）',
  reference: '保证金支付凭证',
  agreementRef: '调解协议编号',
  court: '确认法院',
  confirmedOn: '确认日期',
  receiptNumber: '移送回执号',
  crossesThreshold: '达到入罪标准',
  thresholdReason: '标准说明',
  total: '拖欠总额（元）',
  workers: '涉及人数',
  procuratorate: '检察机关',
  text: '内容',
  fromRegion: '原属地',
  toRegion: '转至属地',
  industry: '行业',
  reason: '原因',
  pausedWorkingDays: '暂停工作日',
  conclusion: '办结结论',
  clueId: '线索',
  channel: '来源渠道',
  workerCount: '人数',
  moneyArrived: '工资已到账',
  comment: '投诉人意见',
  escalationLevel: '升级层级',
  handlingRegion: '承办区划',
  note: '说明',
  indicator: '预警指标',
  indicatorName: '指标名称',
  level: '预警等级',
  event: '事件',
  explanation: '说明',
  deadlineOn: '整改期限',
  warningId: '预警',
}
// Detail values in fen, shown as yuan.
export const FEN_DETAIL_KEYS = new Set(['amount', 'repaidTotal', 'total'])

// ---- the next-action forms ------------------------------------------------------------------------

export type FieldType = 'text' | 'textarea' | 'yuan' | 'date' | 'datetime' | 'select' | 'advance'
export interface StepField {
  name: string // as the server names it; also the form prop
  label: string
  type: FieldType
  required?: boolean
  max?: number // characters
  minFen?: number // yuan fields: the smallest amount in fen
  options?: { value: string; label: string }[]
  placeholder?: string
  notPast?: boolean // dates: not before today
  notFuture?: boolean // date-times: not after now
}
export interface StepForm {
  kind: string
  label: string // the button / panel title
  hint?: string
  fields: StepField[]
  danger?: boolean
}

const opts = (table: Record<string, string>) => Object.entries(table).map(([value, label]) => ({ value, label }))
const note: StepField = { name: 'note', label: '说明', type: 'textarea', max: 2000 }

export const STEP_FORMS: Record<string, StepForm> = {
  contact: {
    kind: 'contact', label: '首次联系投诉人', hint: '当日联系投诉人，记录联系方式与时间',
    fields: [
      { name: 'method', label: '联系方式', type: 'select', required: true, options: opts(CONTACT_METHOD_LABELS) },
      { name: 'contactedAt', label: '联系时间', type: 'datetime', notFuture: true, placeholder: '默认为现在' },
      note,
    ],
  },
  verify: { kind: 'verify', label: '核查', fields: [{ name: 'findings', label: '核查情况', type: 'textarea', max: 2000 }, note] },
  investigate: { kind: 'investigate', label: '立案调查', hint: '立案调查后办结期限为 60 个工作日', fields: [note] },
  extend: {
    kind: 'extend', label: '延长调查期限', hint: '经批准可延长 30 个工作日，仅一次',
    fields: [{ name: 'approvedBy', label: '批准人', type: 'text', required: true, max: 100 }, note],
  },
  mediate: { kind: 'mediate', label: '调解', fields: [{ name: 'mediator', label: '调解员', type: 'text', max: 100 }, note] },
  order: {
    kind: 'order', label: '责令限期支付',
    fields: [
      { name: 'payBy', label: '限期支付日', type: 'date', required: true, notPast: true },
      { name: 'orderNumber', label: '责令文书号', type: 'text', max: 100 },
      note,
    ],
  },
  pay: {
    kind: 'pay', label: '支付中', hint: '用人单位开始支付；办结前须银行确认到账或投诉人确认',
    fields: [{ name: 'amount', label: '支付金额（元）', type: 'yuan', minFen: 1 }, note],
  },
  close: {
    kind: 'close', label: '办结',
    hint: '「已全额支付」须银行确认到账或投诉人在查询页确认；其他结论须先记录相应步骤',
    fields: [{ name: 'conclusion', label: '办结结论', type: 'select', required: true, options: CONCLUSIONS.map((c) => ({ value: c, label: c })) }, note],
  },
  penalty: {
    kind: 'penalty', label: '行政处罚',
    fields: [
      { name: 'decisionNumber', label: '处罚决定书号', type: 'text', required: true, max: 100 },
      { name: 'amount', label: '罚款金额（元）', type: 'yuan', required: true, minFen: 0 },
      note,
    ],
  },
  fund_advance: {
    kind: 'fund_advance', label: '应急周转金垫付',
    fields: [
      { name: 'amount', label: '垫付金额（元）', type: 'yuan', required: true, minFen: 1 },
      { name: 'approver', label: '审批人', type: 'text', required: true, max: 100 },
      { name: 'advancedOn', label: '垫付日期', type: 'date', placeholder: '默认为今天' },
      note,
    ],
  },
  fund_repayment: {
    kind: 'fund_repayment', label: '垫付资金追偿',
    fields: [
      { name: 'advanceId', label: '垫付', type: 'advance', required: true },
      { name: 'amount', label: '追偿金额（元）', type: 'yuan', required: true, minFen: 1 },
      note,
    ],
  },
  deposit_payment: {
    kind: 'deposit_payment', label: '动用工资保证金支付',
    fields: [
      { name: 'reference', label: '支付凭证', type: 'text', required: true, max: 100 },
      { name: 'amount', label: '支付金额（元）', type: 'yuan', required: true, minFen: 1 },
      note,
    ],
  },
  mediation_agreement: {
    kind: 'mediation_agreement', label: '达成调解协议',
    fields: [
      { name: 'agreementRef', label: '协议编号', type: 'text', max: 100 },
      { name: 'amount', label: '协议金额（元）', type: 'yuan', minFen: 0 },
      note,
    ],
  },
  judicial_confirmation: {
    kind: 'judicial_confirmation', label: '调解协议司法确认',
    fields: [
      { name: 'court', label: '确认法院', type: 'text', required: true, max: 100 },
      { name: 'confirmedOn', label: '确认日期', type: 'date', required: true },
      note,
    ],
  },
  police_transfer: {
    kind: 'police_transfer', label: '移送公安', danger: true,
    hint: '涉嫌拒不支付劳动报酬罪：系统按入罪数额标准核对后记录',
    fields: [{ name: 'receiptNumber', label: '移送回执号', type: 'text', max: 100 }, note],
  },
  litigation_referral: {
    kind: 'litigation_referral', label: '移送检察机关公益诉讼',
    fields: [{ name: 'procuratorate', label: '检察机关', type: 'text', max: 100 }, note],
  },
  reroute: {
    kind: 'reroute', label: '转办',
    fields: [
      { name: 'regionCode', label: '转至区划代码', type: 'text', required: true, max: 12, placeholder: '县级 6 位或乡镇 9 位' },
      { name: 'reason', label: '转办原因', type: 'text', required: true, max: 200 },
      note,
    ],
  },
  pause: {
    kind: 'pause', label: '暂停计时', hint: '暂停期间不计入办理期限，也不亮牌',
    fields: [{ name: 'reason', label: '暂停原因', type: 'text', required: true, max: 200 }, note],
  },
  resume: { kind: 'resume', label: '恢复计时', fields: [note] },
  note: { kind: 'note', label: '备注', fields: [{ name: 'text', label: '内容', type: 'textarea', required: true, max: 2000 }] },
}

export interface Handler {
  permissions: readonly string[]
  regionCode: string // the user's scope root ("" = whole platform)
}

// May this user post steps on this case at all? Needs case.handle; an escalated (reopened) case is
// handled one level up: only users whose region contains the handling region.
export function canHandle(c: Pick<CaseDetail, 'escalationLevel' | 'handlingRegion'>, user: Handler): boolean {
  if (!user.permissions.includes('case.handle')) return false
  if (c.escalationLevel > 0) {
    return user.regionCode.length <= c.handlingRegion.length && c.handlingRegion.startsWith(user.regionCode)
  }
  return true
}

// The forms to offer now: the server's allowedSteps (table order) this user may post, main-line
// steps first so the usual next action is the default.
const MAIN_LINE = ['contact', 'verify', 'order', 'pay', 'close', 'resume']
export function offeredActions(c: Pick<CaseDetail, 'allowedSteps' | 'escalationLevel' | 'handlingRegion'>, user: Handler): StepForm[] {
  if (!canHandle(c, user)) return []
  const forms = c.allowedSteps.map((kind) => STEP_FORMS[kind]).filter((f): f is StepForm => f !== undefined)
  const rank = (k: string) => (MAIN_LINE.includes(k) ? MAIN_LINE.indexOf(k) : MAIN_LINE.length)
  return forms.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f.kind) - rank(b.f.kind) || a.i - b.i).map((x) => x.f)
}

export type StepValues = Record<string, string>

export function emptyValues(form: StepForm): StepValues {
  return Object.fromEntries([...form.fields.map((f) => [f.name, '']), ['attachments', '']])
}

// Checks before sending, by field name; empty when the form may be sent. `today` is YYYY-MM-DD
// and `now` "YYYY-MM-DD HH:mm:ss", both in Shanghai time.
export function validateStep(form: StepForm, values: StepValues, today: string, now: string): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const field of form.fields) {
    const raw = (values[field.name] ?? '').trim()
    if (raw === '') {
      if (field.required) errors[field.name] = `请${field.type === 'select' || field.type === 'date' || field.type === 'advance' ? '选择' : '填写'}${field.label.replace(/（.*）$/, '')}`
      continue
    }
    if (field.max !== undefined && charLength(raw) > field.max) errors[field.name] = `不能超过 ${field.max} 个字`
    if (field.type === 'yuan') {
      const fen = yuanToFen(raw)
      if (fen === null) errors[field.name] = '金额格式不正确（元，最多两位小数）'
      else if (fen < (field.minFen ?? 0)) errors[field.name] = field.minFen === 1 ? '金额应大于 0' : '金额不能为负数'
    }
    if (field.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(raw)) errors[field.name] = '日期格式应为 YYYY-MM-DD'
    else if (field.type === 'date' && field.notPast && raw < today) errors[field.name] = '不能早于今天'
    if (field.type === 'datetime' && field.notFuture && raw > now) errors[field.name] = '不能晚于现在'
    if (field.name === 'regionCode' && !/^(\d{6}|\d{9})$/.test(raw)) errors[field.name] = '应为 6 位县级或 9 位乡镇级区划代码'
  }
  const refs = attachmentRefs(values.attachments ?? '')
  if (refs.length > 20) errors.attachments = '最多 20 个附件'
  else if (refs.some((r) => charLength(r) > 300)) errors.attachments = '每个附件引用不超过 300 个字'
  return errors
}

const attachmentRefs = (text: string) => text.split(/\n/).map((s) => s.trim()).filter((s) => s !== '')

// The body the server reads: empty optional fields left out, yuan → integer fen.
export function buildStepBody(form: StepForm, values: StepValues): NewStep {
  const body: NewStep = { kind: form.kind }
  for (const field of form.fields) {
    const raw = (values[field.name] ?? '').trim()
    if (raw === '') continue
    if (field.type === 'yuan') {
      const fen = yuanToFen(raw)
      if (fen === null) throw new Error(`${field.label}：金额格式不正确`)
      body[field.name] = fen
    } else {
      body[field.name] = raw
    }
  }
  const refs = attachmentRefs(values.attachments ?? '')
  if (refs.length > 0) body.attachments = refs
  return body
}

// Where a refused step's reason goes: beside the fields the server names, else above the form
// (a 409 naming the state, a lost connection). Close-as-paid names `uncovered` (fen still not
// confirmed): its message belongs beside the conclusion.
export function placeStepError(error: unknown, form: StepForm): { fields: Record<string, string>; message: string } {
  if (error instanceof ApiError && error.fields.uncovered !== undefined) return { fields: { conclusion: error.message }, message: '' }
  const { fields, rest } = mapFieldErrors(error, [...form.fields.map((f) => f.name), 'attachments'])
  const placed = Object.keys(fields).length > 0
  return { fields, message: !placed || rest.length > 0 ? errorMessage(error) : '' }
}

// ---- dates in Shanghai -------------------------------------------------------------------------

const shanghai = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
})
// "YYYY-MM-DD HH:mm:ss" in Shanghai.
export function shanghaiNow(at: Date = new Date()): string {
  const p = Object.fromEntries(shanghai.formatToParts(at).map((x) => [x.type, x.value]))
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`
}
export const shanghaiToday = (at: Date = new Date()) => shanghaiNow(at).slice(0, 10)
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

// ---- queues --------------------------------------------------------------------------------------

// 即将到期: the step deadline within this many calendar days from today (today included).
export const DUE_SOON_DAYS = 3

export type Queue =
  | { key: string; label: string; kind: 'clue'; filter: ClueFilter }
  | { key: string; label: string; kind: 'case'; filter: CaseFilter }

// The workbench tabs, each one server query.
export function workbenchQueues(today: string): Queue[] {
  const open = OPEN_STATES.join(',')
  return [
    { key: 'pending-clues', label: '待受理', kind: 'clue', filter: { status: 'received' } },
    { key: 'first-contact', label: '待首次联系', kind: 'case', filter: { state: 'accepted' } },
    { key: 'handling', label: '处理中', kind: 'case', filter: { state: HANDLING_STATES.join(',') } },
    { key: 'yellow', label: '黄牌', kind: 'case', filter: { state: open, card: 'yellow' } },
    { key: 'red', label: '红牌', kind: 'case', filter: { state: open, card: 'red' } },
    { key: 'due-soon', label: '即将到期', kind: 'case', filter: { state: open, deadlineFrom: today, deadlineBefore: addDays(today, DUE_SOON_DAYS) } },
    { key: 'closed', label: '已办结', kind: 'case', filter: { state: 'closed' } },
  ]
}

export interface WorkbenchFilter {
  state: string
  card: string
  channel: string
  projectId: string
  employer: string
  keyGrade: string
  range: [string, string] | null // step deadline (cases) or received date (clues)
  regionCode: string
}

// A queue's query narrowed by the filter form; null when the two cannot both hold (a state or card
// outside the queue's own, a deadline range outside the queue's): nothing to ask the server.
export function caseQuery(queue: CaseFilter, f: WorkbenchFilter): CaseFilter | null {
  const q: CaseFilter = { ...queue }
  if (f.state) {
    if (queue.state && !queue.state.split(',').includes(f.state)) return null
    q.state = f.state
  }
  if (f.card) {
    if (queue.card && queue.card !== f.card) return null
    q.card = f.card as CaseFilter['card']
  }
  if (f.channel) q.channel = f.channel
  if (f.projectId) q.projectId = f.projectId
  if (f.employer.trim()) q.employer = f.employer.trim()
  if (f.keyGrade) q.keyGrade = f.keyGrade
  if (f.regionCode) q.regionCode = f.regionCode
  if (f.range) {
    if (queue.state === 'closed') return null // closed cases have no step deadline
    const from = queue.deadlineFrom && queue.deadlineFrom > f.range[0] ? queue.deadlineFrom : f.range[0]
    const before = queue.deadlineBefore && queue.deadlineBefore < f.range[1] ? queue.deadlineBefore : f.range[1]
    if (before < from) return null
    q.deadlineFrom = from
    q.deadlineBefore = before
  }
  return q
}

export function clueQuery(queue: ClueFilter, f: WorkbenchFilter): ClueFilter {
  const q: ClueFilter = { ...queue }
  if (f.channel) q.channel = f.channel
  if (f.projectId) q.projectId = f.projectId
  if (f.employer.trim()) q.employer = f.employer.trim()
  if (f.keyGrade) q.keyGrade = f.keyGrade
  if (f.regionCode) q.regionCode = f.regionCode
  if (f.range) {
    q.receivedFrom = f.range[0]
    q.receivedTo = f.range[1]
  }
  return q
}
