// 欠薪金额: yuan as typed → integer fen, exactly (no floating point).
import { describe, expect, it } from 'vitest'
import { fenToYuanText, yuanToFen } from '../money'

describe('yuanToFen', () => {
  it('converts whole yuan and one or two decimals exactly', () => {
    expect(yuanToFen('3500')).toBe(350000)
    expect(yuanToFen('3500.5')).toBe(350050)
    expect(yuanToFen('3500.50')).toBe(350050)
    expect(yuanToFen('0.01')).toBe(1)
    expect(yuanToFen('.5')).toBeNull()
    expect(yuanToFen('12.')).toBe(1200)
    expect(yuanToFen('0')).toBe(0)
  })

  it('is exact where floating point is not', () => {
    // 0.29 * 100 === 28.999999999999996, 1.15 * 100 === 114.99999999999999, 4.35 * 100 === 434.99999999999994
    expect(yuanToFen('0.29')).toBe(29)
    expect(yuanToFen('1.15')).toBe(115)
    expect(yuanToFen('4.35')).toBe(435)
    expect(yuanToFen('1234567.89')).toBe(123456789)
    expect(yuanToFen('90071992547409.91')).toBe(9007199254740991)
  })

  it('accepts grouping, a currency sign, spaces and leading zeros', () => {
    expect(yuanToFen(' 1,234.56 ')).toBe(123456)
    expect(yuanToFen('¥88')).toBe(8800)
    expect(yuanToFen('￥1，000')).toBe(100000)
    expect(yuanToFen('007.10')).toBe(710)
  })

  it('rejects anything else', () => {
    for (const bad of ['', ' ', 'abc', '1.234', '-5', '1e3', '1.2.3', '12元', '0x10', '90071992547409.92', '99999999999999999']) {
      expect(yuanToFen(bad), bad).toBeNull()
    }
  })

  it('fenToYuanText round-trips', () => {
    for (const fen of [0, 1, 10, 99, 100, 350050, 123456789]) expect(yuanToFen(fenToYuanText(fen))).toBe(fen)
    expect(fenToYuanText(350050)).toBe('3500.50')
    expect(fenToYuanText(-5)).toBe('-0.05')
  })
})
