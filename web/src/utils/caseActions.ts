// The workbench's rules on the client: queue definitions, Chinese labels of the case workflow, and
// the next-action forms — which steps to offer (the server's allowedSteps, less what the user may
// not do), the checks run before sending from each field's published limits, and the body as the
// server reads it (yuan typed by a person → integer fen, exactly). The server stays the judge.
import type { CaseDetail, CaseFilter, NewStep, StepForm } from '@/api/cases'
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
export const SATISFACTION_LABELS: Record<string, string> = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' }
export const GRADE_LABELS: Record<string, string> = { red: '红色', yellow: '黄色', blue: '蓝色' }

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
  grade: '督办等级',
  from: '原等级',
  leaderName: '包案领导',
  previousLeaderName: '原包案领导',
  satisfaction: '满意度',
  card: '亮牌',
  asOf: '核查日期',
  afterDays: '黄牌后天数',
  deadline: '期限',
  escalated: '已升级',
}
// Detail keys not shown to a reader (ids; the names beside them say it).
export const HIDDEN_DETAIL_KEYS = new Set(['leaderId', 'advanceId'])
// Detail values that are codes, by key: shown by their Chinese label.
export const CODED_DETAIL_VALUES: Record<string, Record<string, string>> = {
  method: CONTACT_METHOD_LABELS,
  channel: CHANNEL_LABELS,
  grade: GRADE_LABELS,
  from: GRADE_LABELS,
  card: CARD_LABELS,
  satisfaction: SATISFACTION_LABELS,
  level: { red: '红色', yellow: '黄色', blue: '蓝色' },
}
// Detail values in fen, shown as yuan.
export const FEN_DETAIL_KEYS = new Set(['amount', 'repaidTotal', 'total'])

// ---- the next-action forms ------------------------------------------------------------------------

// The forms themselves come from the server (api/cases.ts listStepForms); these helpers offer,
// check and send them.
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
export function offeredActions(
  c: Pick<CaseDetail, 'allowedSteps' | 'escalationLevel' | 'handlingRegion'>, user: Handler, published: readonly StepForm[],
): StepForm[] {
  if (!canHandle(c, user)) return []
  const byKind = new Map(published.map((f) => [f.kind, f]))
  const forms = c.allowedSteps.map((kind) => byKind.get(kind)).filter((f): f is StepForm => f !== undefined)
  const rank = (k: string) => (MAIN_LINE.includes(k) ? MAIN_LINE.indexOf(k) : MAIN_LINE.length)
  return forms.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f.kind) - rank(b.f.kind) || a.i - b.i).map((x) => x.f)
}

export type { StepField, StepForm } from '@/api/cases'
export type StepValues = Record<string, string>

export function emptyValues(form: StepForm): StepValues {
  return Object.fromEntries(form.fields.map((f) => [f.name, '']))
}

// Checks before sending, by field name; empty when the form may be sent. `today` is YYYY-MM-DD
// and `now` "YYYY-MM-DD HH:mm:ss", both in Shanghai time.
export function validateStep(form: StepForm, values: StepValues, today: string, now: string): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const field of form.fields) {
    const raw = (values[field.name] ?? '').trim()
    if (raw === '') {
      if (field.required) errors[field.name] = `请${['select', 'date', 'advance', 'region', 'staff'].includes(field.type) ? '选择' : '填写'}${field.label.replace(/（.*）$/, '')}`
      continue
    }
    if (field.maxChars !== undefined && charLength(raw) > field.maxChars) errors[field.name] = `不能超过 ${field.maxChars} 个字`
    if (field.type === 'yuan') {
      const fen = yuanToFen(raw)
      if (fen === null) errors[field.name] = '金额格式不正确（元，最多两位小数）'
      else if (fen < (field.minFen ?? 0)) errors[field.name] = field.minFen === 1 ? '金额应大于 0' : '金额不能为负数'
    }
    if (field.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(raw)) errors[field.name] = '日期格式应为 YYYY-MM-DD'
    else if (field.type === 'date' && field.notPast && raw < today) errors[field.name] = '不能早于今天'
    if (field.type === 'datetime' && field.notFuture && raw > now) errors[field.name] = '不能晚于现在'
    if (field.type === 'region' && !/^(\d{6}|\d{9})$/.test(raw)) errors[field.name] = '请选择县（市、区）或乡镇（街道）'
  }
  return errors
}

// The body the server reads: empty optional fields left out, yuan → integer fen, the uploaded
// files' ids as attachments.
export function buildStepBody(form: StepForm, values: StepValues, attachments: readonly string[] = []): NewStep {
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
  if (attachments.length > 0) body.attachments = [...attachments]
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
    // 领导包案: the cases the signed-in leader took, open or closed.
    { key: 'mine', label: '我包案的', kind: 'case', filter: { leader: 'me' } },
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
