import { describe, expect, it } from 'vitest'
import { parseDates } from '../calendar'

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
