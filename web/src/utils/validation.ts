// Form checks the console runs before sending, mirroring the server's rules so most mistakes are
// caught in place. The server stays the judge: its field errors are shown the same way.
import type { FormItemRule } from 'element-plus'
import type { Parameter } from '@/api/parameters'

export type Check = (value: unknown) => string | null

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value))
// Characters, not UTF-16 units: "𠀀" counts once, as the server counts.
export const charLength = (value: string) => Array.from(value).length

export const required =
  (what = '此项'): Check =>
  (value) =>
    text(value).trim() === '' ? `请填写${what}` : null

export const maxChars =
  (max: number): Check =>
  (value) =>
    charLength(text(value)) > max ? `不能超过 ${max} 个字` : null

// identity: 3–32 lower-case letters, digits, "_", "." or "-".
export const username: Check = (value) =>
  /^[a-z0-9_.-]{3,32}$/.test(text(value)) ? null : '用户名须为 3–32 位小写字母、数字或 _ . -'

// identity: at least 8 characters and three of upper, lower, digit, symbol.
export const password: Check = (value) => {
  const v = text(value)
  if (charLength(v) < 8) return '密码至少 8 位'
  if (v.length > 128) return '密码不能超过 128 个字符'
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(v)).length
  return classes >= 3 ? null : '密码须包含大写字母、小写字母、数字、符号中的至少三类'
}

// Fixed line or mobile: digits with optional "-", 7–20 characters; empty is allowed (optional field).
export const phone: Check = (value) => {
  const v = text(value).trim()
  if (v === '') return null
  return /^[0-9][0-9-]{5,18}[0-9]$/.test(v) ? null : '电话号码格式不正确'
}

// GB/T 2260 codes as the platform stores them: 2, 4, 6 or 9 digits.
export const regionCode: Check = (value) => {
  const v = text(value)
  if (v === '') return null
  return /^(\d{2}|\d{4}|\d{6}|\d{9})$/.test(v) ? null : '行政区划代码应为 2、4、6 或 9 位数字'
}

const INTEGER_TYPES = new Set(['integer', 'days', 'working_days', 'fen', 'basis_points'])
export const isIntegerParameter = (type: string) => INTEGER_TYPES.has(type)

// The unit a parameter's integer is shown in, and how an input maps to what the server stores.
export function parameterUnit(type: string): { unit: string; scale: number } {
  switch (type) {
    case 'fen':
      return { unit: '元', scale: 100 }
    case 'basis_points':
      return { unit: '%', scale: 100 }
    case 'days':
      return { unit: '天', scale: 1 }
    case 'working_days':
      return { unit: '个工作日', scale: 1 }
    default:
      return { unit: '', scale: 1 }
  }
}

// Display value → stored value (yuan → fen, percent → basis points); null when not a number
// with at most two decimals.
export function toStoredParameter(type: string, input: string | number): number | null {
  const { scale } = parameterUnit(type)
  const s = String(input).trim()
  const pattern = scale === 1 ? /^-?\d+$/ : /^-?\d+(\.\d{1,2})?$/
  if (!pattern.test(s)) return null
  return Math.round(Number(s) * scale)
}

export function toDisplayParameter(type: string, stored: number | string): string {
  if (!isIntegerParameter(type) || typeof stored !== 'number') return String(stored)
  const { scale } = parameterUnit(type)
  return scale === 1 ? String(stored) : (stored / scale).toFixed(2).replace(/\.?0+$/, '')
}

// The check for a parameter's edit box, against the spec's type and bounds.
export function parameterValue(spec: Pick<Parameter, 'type' | 'min' | 'max'>): Check {
  return (value) => {
    const v = text(value).trim()
    if (v === '') return '请填写参数值'
    if (!isIntegerParameter(spec.type)) {
      if (spec.type === 'phone') return phone(v) ?? null
      return charLength(v) > 500 ? '不能超过 500 个字' : null
    }
    const stored = toStoredParameter(spec.type, v)
    const { unit, scale } = parameterUnit(spec.type)
    if (stored === null) return scale === 1 ? '请输入整数' : '请输入数字，最多两位小数'
    if (stored < spec.min || stored > spec.max) {
      return `应在 ${toDisplayParameter(spec.type, spec.min)} 至 ${toDisplayParameter(spec.type, spec.max)}${unit ? ' ' + unit : ''} 之间`
    }
    return null
  }
}

// Element Plus rules from checks; the first failing check's message is shown.
export function rule(...checks: Check[]): FormItemRule {
  return {
    trigger: 'blur',
    validator: (_rule: unknown, value: unknown, callback: (error?: Error) => void) => {
      for (const check of checks) {
        const message = check(value)
        if (message) return callback(new Error(message))
      }
      callback()
    },
  }
}
