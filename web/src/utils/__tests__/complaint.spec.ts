// The complaint checks the H5 page and the staff's 登记线索 share: what is refused in place, and the
// body the server's clue intake reads (yuan typed → exact fen, optional fields left out).
import { describe, expect, it } from 'vitest'
import { checkComplaint, emptyComplaint } from '../complaint'

describe('checkComplaint', () => {
  it('names every missing or malformed field', () => {
    const { errors, body } = checkComplaint({ ...emptyComplaint(), phone: '12ab', idNumber: '3701', workerCount: '0' }, true)
    expect(body).toBeNull()
    expect(errors).toEqual({
      complainantName: '请填写姓名',
      phone: '手机号格式不正确',
      idNumber: '身份证号应为 18 位',
      employerName: '请填写用工单位名称',
      amount: '请填写欠薪金额',
      workerCount: '请填写 1 以上的整数',
    })
  })

  it('needs the employer only without a project, and months in order', () => {
    const form = { ...emptyComplaint(), complainantName: '王铁柱', phone: '13800001111', amount: '3500', unpaidFrom: '2026-09', unpaidTo: '2026-07' }
    expect(checkComplaint(form, false).errors).toEqual({ unpaidTo: '截止月份不能早于起始月份' })
    expect(checkComplaint({ ...form, unpaidTo: '2026-10' }, false).errors).toEqual({})
  })

  it('reads yuan exactly and leaves empty optional fields out', () => {
    const { body } = checkComplaint(
      { ...emptyComplaint(), complainantName: ' 王铁柱 ', phone: '13800001111', idNumber: '37010219850615001x', employerName: '某劳务公司', amount: '12,345.67', workerCount: '3' },
      true,
    )
    expect(body).toEqual({
      complainantName: '王铁柱', phone: '13800001111', idNumber: '37010219850615001X', employerName: '某劳务公司',
      amount: 1234567, workerCount: 3, identityDisclosureAgreed: false,
    })
  })
})
