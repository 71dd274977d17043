// Client-side form checks, kept in step with the server's rules.
import { describe, expect, it } from 'vitest'
import * as v from '../validation'
import { formatTime, formatYuan } from '../labels'

describe('validation', () => {
  it('username: 3–32 lower-case letters, digits, _ . -', () => {
    expect(v.username('lixia')).toBeNull()
    expect(v.username('li.xia_01-a')).toBeNull()
    expect(v.username('ab')).not.toBeNull()
    expect(v.username('LiXia')).not.toBeNull()
    expect(v.username('张三')).not.toBeNull()
  })

  it('password: 8+ characters of three classes', () => {
    expect(v.password('Sx8#Kp3-Vn')).toBeNull()
    expect(v.password('anxin2026!')).toBeNull()
    expect(v.password('Ab1!')).toBe('密码至少 8 位')
    expect(v.password('abcdefgh1')).toBe('密码须包含大写字母、小写字母、数字、符号中的至少三类')
  })

  it('required, maxChars count characters not UTF-16 units', () => {
    expect(v.required('部门名称')('  ')).toBe('请填写部门名称')
    expect(v.required()('x')).toBeNull()
    expect(v.maxChars(3)('𠀀𠀀𠀀')).toBeNull()
    expect(v.maxChars(3)('一二三四')).toBe('不能超过 3 个字')
  })

  it('phone is optional and loosely formatted', () => {
    expect(v.phone('')).toBeNull()
    expect(v.phone('0531-12345678')).toBeNull()
    expect(v.phone('13800138000')).toBeNull()
    expect(v.phone('call me')).not.toBeNull()
  })

  it('region codes have 2, 4, 6 or 9 digits', () => {
    for (const ok of ['37', '3701', '370102', '370102001', '']) expect(v.regionCode(ok)).toBeNull()
    for (const bad of ['3', '37010', '3701020011', 'ab']) expect(v.regionCode(bad)).not.toBeNull()
  })

  it('parameter values: units, decimals and bounds', () => {
    const days = v.parameterValue({ type: 'days', min: 1, max: 365 })
    expect(days('30')).toBeNull()
    expect(days('0')).toBe('应在 1 至 365 天 之间')
    expect(days('1.5')).toBe('请输入整数')
    expect(days('')).toBe('请填写参数值')

    const percent = v.parameterValue({ type: 'basis_points', min: 100, max: 300 })
    expect(percent('2')).toBeNull() // 2% = 200 bp
    expect(percent('1.25')).toBeNull()
    expect(percent('3.5')).toBe('应在 1 至 3 % 之间')
    expect(percent('1.234')).toBe('请输入数字，最多两位小数')

    const yuan = v.parameterValue({ type: 'fen', min: 1, max: 10_000_000 })
    expect(yuan('2200')).toBeNull()
    expect(yuan('100001')).not.toBeNull()

    expect(v.parameterValue({ type: 'text', min: 0, max: 0 })('任意说明')).toBeNull()
    expect(v.parameterValue({ type: 'phone', min: 0, max: 0 })('12345')).not.toBeNull()
  })

  it('converts between shown and stored parameter values', () => {
    expect(v.toStoredParameter('fen', '2200.5')).toBe(220050)
    expect(v.toStoredParameter('basis_points', '85')).toBe(8500)
    expect(v.toStoredParameter('days', '10')).toBe(10)
    expect(v.toStoredParameter('days', 'x')).toBeNull()
    expect(v.toDisplayParameter('fen', 220000)).toBe('2200')
    expect(v.toDisplayParameter('fen', 220050)).toBe('2200.5')
    expect(v.toDisplayParameter('basis_points', 125)).toBe('1.25')
    expect(v.toDisplayParameter('text', '说明')).toBe('说明')
  })

  it('rule() reports the first failing check to Element Plus', () => {
    const r = v.rule(v.required('用户名'), v.username)
    const results: (Error | undefined)[] = []
    const run = (value: string) => (r.validator as (a: unknown, b: unknown, c: (e?: Error) => void) => void)({}, value, (e) => results.push(e))
    run('')
    run('AB')
    run('lixia')
    expect(results[0]?.message).toBe('请填写用户名')
    expect(results[1]?.message).toContain('用户名须为')
    expect(results[2]).toBeUndefined()
  })
})

describe('labels', () => {
  it('formats fen as yuan and server timestamps as local time', () => {
    expect(formatYuan(123456789)).toBe('1,234,567.89')
    expect(formatYuan(5)).toBe('0.05')
    expect(formatYuan(-100)).toBe('-1.00')
    expect(formatTime('2026-03-01T08:05:09.123+08:00')).toBe('2026-03-01 08:05:09')
  })
})
