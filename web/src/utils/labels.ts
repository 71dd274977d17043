// Chinese names for the server's codes (roles, kinds, statuses, audit actions). One table each.
import type { Role } from '@/api/users'

export const ROLE_LABELS: Record<Role, string> = {
  'system-admin': '系统管理员',
  'security-admin': '安全管理员',
  'audit-admin': '审计管理员',
  supervisor: '劳动监察人员',
  'industry-officer': '行业主管部门人员',
  'enterprise-user': '企业用户',
  'bank-operator': '银行用户',
}
// Roles a system administrator may create through the console (administrators only by CLI).
export const CREATABLE_ROLES: Role[] = ['supervisor', 'industry-officer', 'enterprise-user', 'bank-operator']

export const INDUSTRY_LABELS: Record<string, string> = {
  housing: '住房和城乡建设',
  transport: '交通运输',
  water: '水利',
  energy: '能源',
  telecom: '通信',
  municipal: '市政',
  development: '发展和改革',
  sasac: '国有资产',
  sanitation: '环卫',
  other: '其他',
}

export const DEPARTMENT_KIND_LABELS: Record<string, string> = {
  hrss: '人力资源和社会保障',
  housing: '住房和城乡建设',
  transport: '交通运输',
  water: '水利',
  development: '发展和改革',
  sasac: '国有资产监督管理',
  finance: '财政',
  other: '其他',
}

export const ENTERPRISE_KIND_LABELS: Record<string, string> = {
  construction_unit: '建设单位',
  general_contractor: '施工总承包',
  professional_subcontractor: '专业分包',
  labor_subcontractor: '劳务分包',
  other_employer: '其他用工单位',
}

export const PROJECT_STATUS_LABELS: Record<string, string> = {
  approved: '立项',
  permitted: '施工许可',
  under_construction: '在建',
  suspended: '停工',
  finished: '完工',
  completed: '竣工',
  closed: '销户',
}

export const INVESTMENT_LABELS: Record<string, string> = { government: '政府投资', state_owned: '国有投资', private: '社会投资' }

export const PARTICIPANT_ROLE_LABELS: Record<string, string> = {
  '008': '建设单位',
  '009': '施工总承包',
  '001': '专业分包',
  '006': '劳务分包',
  '999': '其他',
}

export const STAFF_DUTY_LABELS: Record<string, string> = {
  town_official: '属地街镇负责人',
  industry_supervisor: '行业监管人员',
  labor_inspector: '劳动保障监察员',
  project_manager: '项目负责人',
  labor_affairs_officer: '劳资专管员',
}

export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  user: '用户',
  session: '会话',
  department: '部门',
  parameter: '参数',
  project: '项目',
  enterprise: '企业',
  worker: '工人',
  contract: '劳动合同',
  team: '班组',
  punch_batch: '考勤批次',
}

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  create: '新增',
  update: '修改',
  login: '登录',
  logout: '退出',
  login_failed: '登录失败',
  lock: '锁定',
  unlock: '解锁',
  set_role: '变更角色',
  reset_password: '重置密码',
  change_password: '修改密码',
  set: '设置',
  reset: '恢复默认',
  status: '状态变更',
  participants: '参建单位',
  staff: '五员配置',
  read_personal: '查看个人信息',
  entry: '进场',
  exit: '退场',
  submit: '提交',
}

export const label = (table: Record<string, string>, code: string | null | undefined) =>
  code ? (table[code] ?? code) : ''

// 123456 fen → "1,234.56"
export function formatYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return ''
  const negative = fen < 0
  const abs = Math.abs(fen)
  const yuan = Math.floor(abs / 100).toLocaleString('en-US')
  const cents = String(abs % 100).padStart(2, '0')
  return `${negative ? '-' : ''}${yuan}.${cents}`
}

// "2026-03-01T08:00:00.000+08:00" (or Z) → "2026-03-01 08:00:00"
export function formatTime(ts: string | null | undefined): string {
  if (!ts) return ''
  return ts.replace('T', ' ').replace(/\.\d+/, '').replace(/(Z|[+-]\d\d:\d\d)$/, '')
}

// Risk warnings (WARNINGS.md): levels 红/黄/蓝 and the lifecycle.
export const WARNING_LEVEL_LABELS: Record<string, string> = { red: '红色', yellow: '黄色', blue: '蓝色' }
export const WARNING_LEVEL_TAG: Record<string, 'danger' | 'warning' | 'primary'> = { red: 'danger', yellow: 'warning', blue: 'primary' }
export const WARNING_STATUS_LABELS: Record<string, string> = {
  open: '待处理',
  acknowledged: '已签收',
  handling: '处置中',
  escalated: '逾期转办',
  cleared: '已消除',
  dismissed: '已排除',
}
export const WARNING_EVENT_LABELS: Record<string, string> = {
  raised: '产生',
  escalated: '升级',
  acknowledged: '签收',
  handling: '开始处置',
  cleared: '消除',
  reopened: '重新出现',
  dismissed: '排除',
  escalated_to_case: '转为案件',
}
export const RESPONSIBLE_KIND_LABELS: Record<string, string> = {
  enterprise: '企业',
  construction_unit: '建设单位',
  bank: '银行',
  department: '主管部门',
}

// "2026-03" → the previous / next month.
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number)
  const index = y * 12 + (m - 1) + n
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

// Today's month in Asia/Shanghai ("YYYY-MM").
export function currentMonth(now = new Date()): string {
  const shanghai = new Date(now.getTime() + 8 * 3600 * 1000)
  return `${shanghai.getUTCFullYear()}-${String(shanghai.getUTCMonth() + 1).padStart(2, '0')}`
}
