// Month arithmetic of the project tabs (attendance calendar, labor-cost range) in Asia/Shanghai.
import { describe, expect, it } from 'vitest'
import { addMonths, currentMonth } from '../labels'

describe('months', () => {
  it('adds and subtracts across year ends', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12')
    expect(addMonths('2026-12', 1)).toBe('2027-01')
    expect(addMonths('2026-11', -11)).toBe('2025-12')
    expect(addMonths('2026-03', 0)).toBe('2026-03')
  })

  it('takes the month in Shanghai, not UTC', () => {
    // 2026-11-30 16:30 UTC is already 2026-12-01 00:30 in Shanghai.
    expect(currentMonth(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12')
    expect(currentMonth(new Date('2026-11-30T15:59:00Z'))).toBe('2026-11')
  })
})
