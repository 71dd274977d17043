import { describe, expect, it } from 'vitest'
import { fullCheck, systemOf, type ProjectFacts } from '../fullCheck'
import type { Warning } from '@/api/warnings'

const warning = (indicator: string, status: Warning['status'] = 'open'): Warning =>
  ({ id: indicator, indicator, indicatorName: indicator, level: 'red', status, explanation: '' }) as Warning

const healthy: ProjectFacts = {
  workers: 12,
  account: {
    projectId: 'P', projectCode: 'C', projectName: 'N', projectStatus: 'under_construction',
    account: { bankName: '工商银行', filedOn: '2026-01-05' } as never,
    deadlines: {} as never, closureNoticeEndsOn: null, credits: 500000, debits: 300000, balance: 200000, flaggedDebits: 0,
  },
  deposit: { status: { required: 100000, lodgedTotal: 100000, shortfall: 0, dueOn: null, state: 'met' } } as never,
  payrolls: [{ period: '2026-10', employerName: '劳务公司', netTotal: 300000, paidTotal: 300000, unpaidTotal: 0 } as never],
  board: { missing: [] } as never,
  warnings: [],
}

describe('一诉全查', () => {
  it('files each indicator under its system', () => {
    expect(systemOf('RN-03')).toBe('realname')
    expect(systemOf('CON-01')).toBe('realname')
    expect(systemOf('LAB-02')).toBe('account')
    expect(systemOf('PAY-01')).toBe('bankpay')
    expect(systemOf('SITE-01')).toBe('board')
    expect(systemOf('CPL-01')).toBeNull()
  })

  it('a project that keeps all five systems is all right', () => {
    const rows = fullCheck(healthy)
    expect(rows.map((r) => r.state)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok'])
    expect(rows[1]!.facts[0]).toBe('工商银行专户，余额 2,000.00 元')
  })

  it('an open warning, an unpaid line or a missing board item makes its system a problem; cleared ones do not', () => {
    const rows = fullCheck({
      ...healthy,
      payrolls: [{ period: '2026-11', employerName: '劳务公司', netTotal: 300000, paidTotal: 250000, unpaidTotal: 50000 } as never],
      board: { missing: ['劳资专管员未登记'] } as never,
      warnings: [warning('DEP-01'), warning('RN-01', 'cleared')],
    })
    const state = Object.fromEntries(rows.map((r) => [r.key, r.state]))
    expect(state).toEqual({ realname: 'ok', account: 'ok', deposit: 'problem', bankpay: 'problem', board: 'problem' })
    expect(rows.find((r) => r.key === 'bankpay')!.facts).toContain('未到账 500.00 元')
    expect(rows.find((r) => r.key === 'deposit')!.warnings.map((w) => w.indicator)).toEqual(['DEP-01'])
  })

  it('a system the caller cannot read is unknown, and no account is a problem', () => {
    const rows = fullCheck({ ...healthy, deposit: null, account: { ...healthy.account!, account: null } })
    expect(rows.find((r) => r.key === 'deposit')!.state).toBe('unknown')
    expect(rows.find((r) => r.key === 'account')!.facts).toEqual(['未开立农民工工资专用账户'])
    expect(rows.find((r) => r.key === 'account')!.state).toBe('problem')
  })
})
