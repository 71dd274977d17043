// Yuan as typed by a person → integer fen, exactly: the decimal string is split, never parsed as a
// float (0.1 + 0.2 must not become 30.000000000000004 fen). Accepts "1234", "1,234.5", "¥1234.56";
// at most two decimals; null for anything else or beyond Number.MAX_SAFE_INTEGER fen.
export function yuanToFen(input: string): number | null {
  const text = input.trim().replace(/^[¥￥]\s*/, '').replace(/[,，]/g, '')
  const match = /^(\d+)(?:\.(\d{0,2}))?$/.exec(text)
  if (!match) return null
  const whole = match[1].replace(/^0+(?=\d)/, '')
  const cents = (match[2] ?? '').padEnd(2, '0')
  const digits = (whole + cents).replace(/^0+(?=\d)/, '')
  if (digits.length > 16) return null
  const fen = Number(digits)
  return Number.isSafeInteger(fen) ? fen : null
}

// Integer fen → "1234.56" (no grouping; what an input shows back).
export function fenToYuanText(fen: number): string {
  const negative = fen < 0
  const abs = Math.abs(Math.trunc(fen))
  const text = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
  return negative ? `-${text}` : text
}
