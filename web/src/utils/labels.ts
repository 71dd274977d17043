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

// Every entity and action the server audits (scripts/check_labels.py fails when one is missing here).
export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  credit_listing: '失信惩戒程序',
  credit_query: '签约前信用查询',
  credit_anomaly: '信用异常记录',
  credit_grade_run: '守法诚信等级评价',
  credit_publication: '重大违法行为公布',
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
  import_job: '导入任务',
  wages_account: '工资专户',
  wages_account_txn: '专户流水',
  wages_allocation: '人工费拨付',
  wages_output_value: '月度产值',
  payroll: '工资单',
  payroll_line: '工资明细',
  pay_batch: '代发批次',
  deposit_requirement: '保证金核定',
  deposit_instrument: '保证金存储',
  deposit_use: '保证金动用',
  deposit_return: '保证金返还',
  deposit_history: '保证金信用记录',
  clue: '线索',
  case: '案件',
  warning: '预警',
  warning_run: '预警评估',
  outbox: '消息',
  file: '文件',
  notice_board: '维权公示牌',
  calendar_year: '节假日安排',
}

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  propose: '提出列入',
  query: '查询',
  notify: '送达告知书',
  statement: '登记陈述申辩',
  decide: '决定列入',
  drop: '决定不予列入',
  correction: '登记欠薪清偿',
  repair_apply: '申请信用修复',
  repair_grant: '准予信用修复',
  repair_refuse: '不予信用修复',
  expire: '期满移出',
  record: '登记',
  object: '提出异议',
  revoke: '撤销',
  uphold: '维持',
  adjust: '调整等级',
  publish: '发布',
  create: '新增',
  update: '修改',
  delete: '删除',
  login: '登录',
  logout: '退出',
  login_failed: '登录失败',
  lock: '锁定',
  unlock: '解锁',
  attack_alert: '异常登录告警',
  set_role: '变更角色',
  reset_password: '重置密码',
  change_password: '修改密码',
  totp_begin: '开始绑定动态口令',
  totp_enable: '启用动态口令',
  totp_disable: '停用动态口令',
  totp_reset: '重置动态口令',
  recovery_code_used: '使用恢复码',
  set: '设置',
  reset: '恢复默认',
  status: '状态变更',
  participants: '参建单位',
  staff: '五员配置',
  read_personal: '查看个人信息',
  entry: '进场',
  exit: '退场',
  link: '关联',
  submit: '提交',
  finish: '完成',
  import: '导入',
  approve: '审核通过',
  confirm: '确认',
  reopen: '重新办理',
  reopen_request: '申请重新办理',
  issue: '发起代发',
  return: '银行回盘',
  feed: '银行流水',
  close: '销户',
  request_closure: '申请销户',
  upsert: '填报',
  compute: '核定',
  declare: '登记',
  apply: '申请',
  review: '审核',
  pay: '支付',
  topup: '补足',
  accept: '受理',
  reject: '不予受理',
  reroute: '改派',
  join: '并案',
  step: '办理步骤',
  card: '亮牌',
  warning_cleared: '预警消除',
  evaluate: '评估',
  acknowledge: '确认预警',
  handle: '处置预警',
  dismiss: '撤销预警',
  retry: '重新发送',
  upload: '上传',
  download: '下载',
  photo: '上传照片',
  load: '载入',
  read: '阅读',
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

// credit: the joint-punishment procedure (失信联合惩戒)
export const LISTING_STATE_LABELS: Record<string, string> = {
  proposed: '已提出',
  notified: '已告知',
  listed: '已列入名单',
  dropped: '不予列入',
  removed: '已移出',
}
export const LISTING_STEP_LABELS: Record<string, string> = {
  propose: '提出列入',
  notify: '送达告知书',
  statement: '陈述申辩',
  decide: '作出列入决定',
  drop: '决定不予列入',
  correction: '欠薪已清偿',
  repair_apply: '申请信用修复',
  repair_grant: '准予信用修复（移出）',
  repair_refuse: '不予信用修复',
  expire: '期满自动移出',
}
export const LISTING_NEXT_STEP_LABELS: Record<string, string> = {
  notify: '待送达告知书',
  statement_period: '陈述申辩期',
  decide: '待作出决定',
  repair_decide: '信用修复待审核',
}
export const LISTING_PERSON_ROLE_LABELS: Record<string, string> = {
  legal_representative: '法定代表人',
  responsible: '直接责任人',
}
// credit: anomaly records, grades, publications
export const ANOMALY_SOURCE_LABELS: Record<string, string> = {
  deposit_overdue: '保证金逾期未存储',
  labor_cost_unallocated: '人工费用未按月拨付',
  wages_overdue: '工资未按月足额支付',
  complaints_frequent: '欠薪投诉多发',
  pay_order_ignored: '逾期未履行责令支付指令',
  police_transfer: '涉嫌犯罪移送公安',
  manual: '人工登记',
}
export const ANOMALY_CATEGORY_LABELS: Record<string, string> = {
  violation: '一般违法',
  order_refused: '拒不履行责令支付（整改）指令',
  criminal: '涉嫌犯罪移送司法机关',
  mass_incident: '引发群体性或极端事件',
  obstruction: '阻挠劳动保障监察',
}
export const ANOMALY_STATE_LABELS: Record<string, string> = {
  active: '有效',
  objected: '异议处理中',
  revoked: '已撤销',
  expired: '已过有效期',
}
export const GRADE_RUN_STATE_LABELS: Record<string, string> = { draft: '待发布', published: '已发布' }
export const LISTING_REMOVAL_LABELS: Record<string, string> = { expired: '期满移出', repaired: '信用修复移出' }
