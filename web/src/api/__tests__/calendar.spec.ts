import { describe, expect, it } from 'vitest'
import { deadlineMayMove, parseDates } from '../calendar'

describe('dates pasted from the State Council notice', () => {
  it('reads single days and ranges as the notice writes them', () => {
    const { dates, unreadable } = parseDates('1月1日至3日、2月5日至11日', 2027)
    expect(unreadable).toEqual([])
    expect(dates).toHaveLength(10)
    expect(dates[0]).toBe('2027-01-01')
    expect(dates.at(-1)).toBe('2027-02-11')
  })

  it('reads ISO dates and slashes, and names what it cannot read', () => {
    expect(parseDates('2027-02-14, 2027/2/20', 2027)).toEqual({ dates: ['2027-02-14', '2027-02-20'], unreadable: [] })
    expect(parseDates('2月30日 明天', 2027).unreadable).toEqual(['2月30日', '明天'])
  })
})

describe('deadlineMayMove', () => {
  const coverage = { firstYear: 2004, lastYear: 2026 }
  it('marks a deadline past the last covered year, not one inside it', () => {
    expect(deadlineMayMove('2027-01-08', coverage)).toBe(true)
    expect(deadlineMayMove('2026-12-31', coverage)).toBe(false)
  })
  it('marks nothing without a date or before the coverage is known', () => {
    expect(deadlineMayMove(null, coverage)).toBe(false)
    expect(deadlineMayMove('2027-01-08', null)).toBe(false)
  })
})
