// 一诉全查: when a complaint comes in, the project's five systems are checked at once — real-name
// registration and contracts, the dedicated account and labor-cost allocations, the wage deposit,
// wages paid by the bank, the rights notice board — each with what the records say and the
// project's warnings still open for it. Pure: the panel fetches, this decides.
import type { AccountView, Payroll } from '@/api/wages'
import type { DepositOverview } from '@/api/deposits'
import type { NoticeBoard } from '@/api/notices'
import type { Warning } from '@/api/warnings'
import { formatYuan } from './labels'

export type CheckState = 'ok' | 'problem' | 'unknown'

export interface CheckRow {
  key: 'realname' | 'account' | 'deposit' | 'bankpay' | 'board'
  title: string
  state: CheckState
  facts: string[]
  warnings: Warning[] // open (not cleared or dismissed) warnings of this system
}

export interface ProjectFacts {
  workers: number | null // workers with a contract on the project
  account: AccountView | null
  deposit: DepositOverview | null
  payrolls: Payroll[] | null
  board: NoticeBoard | null
  warnings: Warning[]
}

// Which system an indicator belongs to (WARNINGS.md prefixes).
const SYSTEM_OF_PREFIX: Record<string, CheckRow['key']> = {
  RN: 'realname', CON: 'realname',
  ACC: 'account', LAB: 'account',
  DEP: 'deposit',
  PAY: 'bankpay',
  SITE: 'board',
}
const CLOSED = new Set(['cleared', 'dismissed'])

export function systemOf(indicator: string): CheckRow['key'] | null {
  return SYSTEM_OF_PREFIX[indicator.split('-')[0] ?? ''] ?? null
}

export function fullCheck(f: ProjectFacts): CheckRow[] {
  const open = f.warnings.filter((w) => !CLOSED.has(w.status))
  const of = (key: CheckRow['key']) => open.filter((w) => systemOf(w.indicator) === key)
  const row = (key: CheckRow['key'], title: string, known: boolean, problem: boolean, facts: string[]): CheckRow => {
    const warnings = of(key)
    const state: CheckState = warnings.length > 0 || problem ? 'problem' : known ? 'ok' : 'unknown'
    return { key, title, state, facts, warnings }
  }

  const realname = f.workers === null ? ['无法读取工人名册'] : [`在册工人 ${f.workers} 人（均签订劳动合同方可登记）`]
  const accountFacts: string[] = []
  const account = f.account?.account ?? null
  if (!f.account) accountFacts.push('无法读取专户信息')
  else if (!account) accountFacts.push('未开立农民工工资专用账户')
  else {
    accountFacts.push(`${account.bankName}专户，余额 ${formatYuan(f.account.balance)} 元${account.filedOn ? '' : '（未备案）'}`)
    accountFacts.push(`累计拨入 ${formatYuan(f.account.credits)} 元，支出 ${formatYuan(f.account.debits)} 元`)
  }
  const depositFacts: string[] = []
  const status = f.deposit?.status
  if (!status) depositFacts.push('无法读取保证金信息')
  else if (status.state === 'exempt') depositFacts.push('免缴工资保证金')
  else {
    depositFacts.push(`应存 ${formatYuan(status.required)} 元，已存 ${formatYuan(status.lodgedTotal)} 元`)
    if (status.shortfall > 0) depositFacts.push(`差额 ${formatYuan(status.shortfall)} 元${status.dueOn ? `，应于 ${status.dueOn} 前存足` : ''}`)
  }
  const payFacts: string[] = []
  const latest = [...(f.payrolls ?? [])].sort((a, b) => b.period.localeCompare(a.period))[0]
  if (!f.payrolls) payFacts.push('无法读取工资单')
  else if (!latest) payFacts.push('尚无工资单')
  else {
    payFacts.push(`最近工资单 ${latest.period}（${latest.employerName}）：应发 ${formatYuan(latest.netTotal)} 元，已代发 ${formatYuan(latest.paidTotal)} 元`)
    if (latest.unpaidTotal > 0) payFacts.push(`未到账 ${formatYuan(latest.unpaidTotal)} 元`)
  }
  const boardFacts = !f.board ? ['无法读取告示牌'] : f.board.missing.length === 0 ? ['告示牌要素齐全'] : f.board.missing

  return [
    row('realname', '实名制与劳动合同', f.workers !== null, f.workers === 0, realname),
    row('account', '工资专户与人工费拨付', !!f.account, !!f.account && (!account || f.account.balance < 0), accountFacts),
    row('deposit', '工资保证金', !!status, !!status && (status.state === 'overdue' || status.shortfall > 0), depositFacts),
    row('bankpay', '银行代发工资', !!f.payrolls, !!latest && latest.unpaidTotal > 0, payFacts),
    row('board', '维权信息公示', !!f.board, !!f.board && f.board.missing.length > 0, boardFacts),
  ]
}
