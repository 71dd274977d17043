// Which payroll steps the tab offers, by state and permission (the server stays the judge).
import { describe, expect, it } from 'vitest'
import { payrollOffer } from '../PayrollActions'

const enterprise = (p: string) => ['payroll.write', 'payroll.approve', 'paybatch.write'].includes(p)
const readOnly = () => false

describe('payrollOffer', () => {
  it('follows the payroll through its states', () => {
    expect(payrollOffer({ status: 'draft', unpaidTotal: 100 }, enterprise)).toEqual({
      editLines: true, submit: true, confirmLines: false, reopen: false, approve: false, issueBatch: false,
    })
    expect(payrollOffer({ status: 'submitted', unpaidTotal: 100 }, enterprise)).toEqual({
      editLines: false, submit: false, confirmLines: true, reopen: true, approve: true, issueBatch: false,
    })
    expect(payrollOffer({ status: 'approved', unpaidTotal: 100 }, enterprise)).toMatchObject({ issueBatch: true, reopen: true })
    expect(payrollOffer({ status: 'paying', unpaidTotal: 0 }, enterprise).issueBatch).toBe(false)
    expect(payrollOffer({ status: 'paid', unpaidTotal: 0 }, enterprise)).toEqual({
      editLines: false, submit: false, confirmLines: false, reopen: false, approve: false, issueBatch: false,
    })
  })

  it('offers nothing to a role that only reads', () => {
    expect(Object.values(payrollOffer({ status: 'draft', unpaidTotal: 100 }, readOnly)).some(Boolean)).toBe(false)
  })
})
