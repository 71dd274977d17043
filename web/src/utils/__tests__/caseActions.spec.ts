// The workbench's client rules: which next actions a user is offered, the checks before sending,
// the body the server reads (yuan → fen exactly), and the queue queries.
import { describe, expect, it } from 'vitest'
import {
  addDays, buildStepBody, canHandle, caseQuery, clueQuery, emptyValues, offeredActions, placeStepError,
  shanghaiNow, shanghaiToday, validateStep, workbenchQueues, type WorkbenchFilter,
} from '../caseActions'
import { ApiError } from '@/api/request'
import type { StepForm } from '@/api/cases'
// What GET /api/v1/case-step-forms answers (a server test keeps this file equal to it).
import published from './case-step-forms.json'

const FORMS = published.items as StepForm[]
const STEP_FORMS: Record<string, StepForm> = Object.fromEntries(FORMS.map((f) => [f.kind, f]))

const supervisor = { permissions: ['case.read', 'case.handle'], regionCode: '370102' }
const citySupervisor = { permissions: ['case.read', 'case.handle'], regionCode: '3701' }
const enterprise = { permissions: ['case.read'], regionCode: '' }
const county = { escalationLevel: 0, handlingRegion: '370102' }

describe('offeredActions', () => {
  it('offers the allowed steps with the main line first', () => {
    const c = { ...county, allowedSteps: ['investigate', 'mediate', 'order', 'pay', 'close', 'reroute', 'pause', 'note'] }
    expect(offeredActions(c, supervisor, FORMS).map((f) => f.kind)).toEqual([
      'order', 'pay', 'close', 'investigate', 'mediate', 'reroute', 'pause', 'note',
    ])
  })

  it('offers nothing to read-only roles', () => {
    expect(offeredActions({ ...county, allowedSteps: ['contact', 'note'] }, enterprise, FORMS)).toEqual([])
  })

  it('leaves out kinds it has no form for (system steps never come as allowed, but must not break)', () => {
    expect(offeredActions({ ...county, allowedSteps: ['contact', 'from_warning'] }, supervisor, FORMS).map((f) => f.kind)).toEqual(['contact'])
  })

  it('an escalated case is handled one level up', () => {
    const reopened = { escalationLevel: 1, handlingRegion: '3701' }
    expect(canHandle(reopened, supervisor)).toBe(false)
    expect(canHandle(reopened, citySupervisor)).toBe(true)
    expect(canHandle({ escalationLevel: 2, handlingRegion: '37' }, citySupervisor)).toBe(false)
    expect(canHandle({ escalationLevel: 2, handlingRegion: '37' }, { ...citySupervisor, regionCode: '37' })).toBe(true)
  })
})

describe('step forms', () => {
  const today = '2026-11-20'
  const now = '2026-11-20 10:00:00'

  it('emergency advance: yuan as typed becomes exact fen', () => {
    const form = STEP_FORMS.fund_advance
    const values = { ...emptyValues(form), amount: '12,345.67', approver: '王局长' }
    expect(validateStep(form, values, today, now)).toEqual({})
    expect(buildStepBody(form, values)).toEqual({ kind: 'fund_advance', amount: 1234567, approver: '王局长' })
    // 0.1 + 0.2 must not drift.
    expect(buildStepBody(form, { ...values, amount: '0.30' }).amount).toBe(30)
  })

  it('names each bad field in place', () => {
    const form = STEP_FORMS.fund_advance
    expect(validateStep(form, { ...emptyValues(form), amount: '12.345' }, today, now)).toEqual({
      amount: '金额格式不正确（元，最多两位小数）',
      approver: '请填写审批人',
    })
    expect(validateStep(form, { ...emptyValues(form), amount: '0', approver: 'x' }, today, now)).toEqual({ amount: '金额应大于 0' })
    // A fine of zero is allowed, a negative one is not even a number to us.
    const penalty = STEP_FORMS.penalty
    expect(validateStep(penalty, { ...emptyValues(penalty), decisionNumber: 'F-1', amount: '0' }, today, now)).toEqual({})
    expect(validateStep(penalty, { ...emptyValues(penalty), decisionNumber: 'F-1', amount: '-5' }, today, now).amount).toBeTruthy()
  })

  it('first contact needs a method and a time not in the future', () => {
    const form = STEP_FORMS.contact
    expect(validateStep(form, emptyValues(form), today, now)).toEqual({ method: '请选择联系方式' })
    expect(validateStep(form, { ...emptyValues(form), method: 'phone', contactedAt: '2026-11-20 10:00:01' }, today, now)).toEqual({
      contactedAt: '不能晚于现在',
    })
    expect(buildStepBody(form, { ...emptyValues(form), method: 'phone', contactedAt: '2026-11-20 09:30:00' })).toEqual({
      kind: 'contact', method: 'phone', contactedAt: '2026-11-20 09:30:00',
    })
  })

  it('an order to pay needs a deadline from today on', () => {
    const form = STEP_FORMS.order
    expect(validateStep(form, emptyValues(form), today, now)).toEqual({ payBy: '请选择限期支付日' })
    expect(validateStep(form, { ...emptyValues(form), payBy: '2026-11-19' }, today, now)).toEqual({ payBy: '不能早于今天' })
    expect(validateStep(form, { ...emptyValues(form), payBy: today }, today, now)).toEqual({})
  })

  it('closing needs a conclusion; a pause a reason; attachments are the uploaded files\' ids', () => {
    expect(validateStep(STEP_FORMS.close, emptyValues(STEP_FORMS.close), today, now)).toEqual({ conclusion: '请选择办结结论' })
    expect(validateStep(STEP_FORMS.pause, emptyValues(STEP_FORMS.pause), today, now)).toEqual({ reason: '请填写暂停原因' })
    const body = buildStepBody(STEP_FORMS.close, { conclusion: '不属实', note: '' }, ['01FILEA', '01FILEB'])
    expect(body).toEqual({ kind: 'close', conclusion: '不属实', attachments: ['01FILEA', '01FILEB'] })
    expect(buildStepBody(STEP_FORMS.close, { conclusion: '不属实', note: '' })).toEqual({ kind: 'close', conclusion: '不属实' })
    // The leader of 领导包案 is picked, not typed: asked for as a choice.
    expect(validateStep(STEP_FORMS.leader_assign, emptyValues(STEP_FORMS.leader_assign), today, now)).toEqual({ leaderId: '请选择包案领导' })
  })

  it('reroute takes a county or town picked from the region tree', () => {
    const form = STEP_FORMS.reroute
    expect(form.fields.find((f) => f.name === 'regionCode')?.type).toBe('region')
    expect(validateStep(form, { ...emptyValues(form), regionCode: '3701', reason: '属地错误' }, today, now)).toEqual({
      regionCode: '请选择县（市、区）或乡镇（街道）',
    })
    expect(validateStep(form, { ...emptyValues(form), regionCode: '370102001', reason: '属地错误' }, today, now)).toEqual({})
  })

  it('the irreversible transfer to the police asks for confirmation; every field has the server limit', () => {
    expect(FORMS.filter((f) => f.danger).map((f) => f.kind)).toEqual(['police_transfer'])
    const form = STEP_FORMS.note
    expect(validateStep(form, { text: 'x'.repeat(2001) }, today, now)).toEqual({ text: '不能超过 2000 个字' })
  })
})

describe('server errors on a step', () => {
  it('go beside the field they name', () => {
    const e = new ApiError(400, 'invalid_argument', '参数错误', { payBy: '不能早于今天' })
    expect(placeStepError(e, STEP_FORMS.order)).toEqual({ fields: { payBy: '不能早于今天' }, message: '' })
  })

  it('close as paid while money is unconfirmed: the reason sits beside the conclusion', () => {
    const e = new ApiError(409, 'conflict', '尚有 12345.67 元未经银行确认到账或投诉人确认，不能以「已全额支付」办结', { uncovered: '1234567' })
    expect(placeStepError(e, STEP_FORMS.close)).toEqual({ fields: { conclusion: e.message }, message: '' })
  })

  it('a state conflict or a lost connection is shown above the form', () => {
    const conflict = new ApiError(409, 'conflict', '案件当前状态为「已办结」(closed)，不能核查', { state: 'closed' })
    expect(placeStepError(conflict, STEP_FORMS.verify)).toEqual({ fields: {}, message: conflict.message })
    const offline = new ApiError(0, 'network', '无法连接服务器，请检查网络后重试')
    expect(placeStepError(offline, STEP_FORMS.verify).message).toBe('无法连接服务器，请检查网络后重试')
  })
})

describe('queues and filters', () => {
  const none: WorkbenchFilter = { state: '', card: '', channel: '', projectId: '', employer: '', keyGrade: '', range: null, regionCode: '' }
  const queues = workbenchQueues('2026-11-20')
  const q = (key: string) => queues.find((x) => x.key === key)!

  it('eight tabs, each one server query', () => {
    expect(queues.map((x) => x.label)).toEqual(['待受理', '待首次联系', '处理中', '黄牌', '红牌', '即将到期', '已办结', '我包案的'])
    expect(q('mine').filter).toEqual({ leader: 'me' })
    expect(q('pending-clues').filter).toEqual({ status: 'received' })
    expect(q('handling').filter).toEqual({ state: 'contacted,verifying,mediating,ordered,paying' })
    expect(q('red').filter).toEqual({ state: 'accepted,contacted,verifying,mediating,ordered,paying', card: 'red' })
    expect(q('due-soon').filter).toMatchObject({ deadlineFrom: '2026-11-20', deadlineBefore: '2026-11-23' })
  })

  it('narrows a queue by the filter, or says nothing can match', () => {
    const handling = q('handling')
    if (handling.kind !== 'case') throw new Error('case queue')
    expect(caseQuery(handling.filter, { ...none, state: 'ordered', employer: ' 建安 ', regionCode: '370102' })).toEqual({
      state: 'ordered', employer: '建安', regionCode: '370102',
    })
    expect(caseQuery(handling.filter, { ...none, state: 'closed' })).toBeNull()
    const red = q('red')
    if (red.kind !== 'case') throw new Error('case queue')
    expect(caseQuery(red.filter, { ...none, card: 'yellow' })).toBeNull()
    const soon = q('due-soon')
    if (soon.kind !== 'case') throw new Error('case queue')
    expect(caseQuery(soon.filter, { ...none, range: ['2026-11-01', '2026-11-21'] })).toMatchObject({
      deadlineFrom: '2026-11-20', deadlineBefore: '2026-11-21',
    })
    expect(caseQuery(soon.filter, { ...none, range: ['2026-12-01', '2026-12-31'] })).toBeNull()
    const pending = q('pending-clues')
    if (pending.kind !== 'clue') throw new Error('clue queue')
    expect(clueQuery(pending.filter, { ...none, channel: 'web', range: ['2026-11-01', '2026-11-20'] })).toEqual({
      status: 'received', channel: 'web', receivedFrom: '2026-11-01', receivedTo: '2026-11-20',
    })
  })

  it('dates are Shanghai dates', () => {
    // 2026-11-20 17:30 UTC is already the 21st in Shanghai.
    expect(shanghaiToday(new Date('2026-11-20T17:30:00Z'))).toBe('2026-11-21')
    expect(shanghaiNow(new Date('2026-11-20T01:02:03Z'))).toBe('2026-11-20 09:02:03')
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02')
  })
})
