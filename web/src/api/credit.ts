// /api/v1/credit (credit): the joint-punishment procedure (失信联合惩戒名单, 人社部令第45号) — propose with
// the conditions, the written notice and the statement period, the decision, the correction and the
// early removal by credit repair — and the public list.
import { saveBlob } from './imports'
import { http, requestBlob, type Paged } from './request'

export interface ListingPerson {
  role: 'legal_representative' | 'responsible'
  name: string
  idNumber: string // masked in answers
}
export interface ListingStep {
  action: string
  on: string
  at: string
  byName: string
  note: string
}
export interface Listing {
  id: string
  number: string
  enterpriseId: string
  enterpriseName: string
  creditCode: string
  regionCode: string
  state: 'proposed' | 'notified' | 'listed' | 'dropped' | 'removed'
  caseId: string | null
  arrearsFen: number
  thresholdFen: number
  orderMissedOn: string
  massIncident: boolean
  reason: string
  notifiedOn: string | null
  statementDue: string | null
  statement: string | null
  statementOn: string | null
  decisionDue: string | null
  decidedOn: string | null
  decisionReason: string | null
  expiresOn: string | null
  arrearsPaidOn: string | null
  repairPossibleFrom: string | null
  repairAppliedOn: string | null
  repairPledge: string | null
  repairReviewDue: string | null
  repairRefusedOn: string | null
  repairRefusal: string | null
  removedOn: string | null
  removal: string | null
  nextStep: '' | 'notify' | 'statement_period' | 'decide' | 'repair_decide'
  nextDue: string | null
  overdue: boolean
  persons: ListingPerson[]
  steps: ListingStep[]
}
export interface NewListing {
  enterpriseId: string
  caseId?: string
  arrearsFen: number
  orderMissedOn: string
  massIncident: boolean
  reason: string
  persons: { role: string; name: string; idNumber: string }[]
}
export interface PublicListing {
  number: string
  enterpriseName: string
  creditCode: string
  reason: string
  decidedOn: string
  expiresOn: string
}

const base = '/api/v1/credit/listings'
export const listListings = (params: { state?: string; enterpriseId?: string; page?: number; pageSize?: number }) =>
  http.get<Paged<Listing>>(base, params)
export const getListing = (id: string) => http.get<Listing>(`${base}/${id}`)
export const proposeListing = (body: NewListing) => http.post<Listing>(base, body)
export const notifyListing = (id: string) => http.post<Listing>(`${base}/${id}/notice`, {})
export const recordStatement = (id: string, statement: string) => http.post<Listing>(`${base}/${id}/statement`, { statement })
export const decideListing = (id: string, outcome: 'list' | 'drop', reason: string) =>
  http.post<Listing>(`${base}/${id}/decision`, { outcome, reason })
export const recordCorrection = (id: string, arrearsPaidOn: string) => http.post<Listing>(`${base}/${id}/correction`, { arrearsPaidOn })
export const applyRepair = (id: string, pledge: string) => http.post<Listing>(`${base}/${id}/repair`, { pledge })
export const decideRepair = (id: string, outcome: 'grant' | 'refuse', reason: string) =>
  http.post<Listing>(`${base}/${id}/repair-decision`, { outcome, reason })
export const publicBlacklist = () => http.get<{ items: PublicListing[] }>('/api/v1/public/credit/blacklist')

// 合同签订前查询
export interface EnterpriseMatch {
  id: string
  name: string
  creditCode: string
}
export interface CreditRecordResult {
  enterprise: { id: string; name: string; creditCode: string; legalRepresentative: string; regionCode: string }
  asOf: string
  listing: { number: string; decidedOn: string; expiresOn: string } | null
  procedures: { number: string; state: string; decidedOn: string | null; expiresOn: string | null; removedOn: string | null; removal: string | null }[]
  arrearsCases: { number: string; openedOn: string; state: string; conclusion: string | null; claimedFen: number; recoveredFen: number }[]
  arrearsClaimedFen: number
  arrearsRecoveredFen: number
  deposit: { cleanYears: number; arrearsInPriorTwoYears: boolean; realNameAndAccountInPlace: boolean }
  grade: { grade: 'A' | 'B' | 'C'; year: number; rule: string; publishedOn: string; incentive: boolean } | null
  anomalies?: { number: string; occurredOn: string; source: string; category: string; summary: string; expiresOn: string; objected: boolean }[]
}
export interface CreditRecord {
  id: string
  number: string
  enterpriseId: string
  askedAt: string
  askedBy: string
  result: CreditRecordResult
}
export interface CreditRecordItem {
  id: string
  number: string
  enterpriseId: string
  enterpriseName: string
  askedAt: string
  askedBy: string
  listed: boolean
}
export const findEnterprises = (q: string) => http.get<{ items: EnterpriseMatch[] }>('/api/v1/credit/enterprises', { q })
export const runCreditQuery = (enterpriseId: string) => http.post<CreditRecord>('/api/v1/credit/queries', { enterpriseId })
export const getCreditQuery = (id: string) => http.get<CreditRecord>(`/api/v1/credit/queries/${id}`)
export const listCreditQueries = () => http.get<{ items: CreditRecordItem[] }>('/api/v1/credit/queries')

// The credit-sharing export as the spreadsheet the provincial platform takes: listings and removals,
// anomaly records, or published grades.
export type ExportKind = 'listings' | 'anomalies' | 'grades'
const EXPORT_NAMES: Record<ExportKind, string> = { listings: '失信联合惩戒名单', anomalies: '信用异常记录', grades: '守法诚信等级' }
export async function exportCreditXlsx(kind: ExportKind = 'listings'): Promise<void> {
  saveBlob(await requestBlob('/api/v1/credit/export', { format: 'xlsx', kind }), `${EXPORT_NAMES[kind]}.xlsx`)
}
export const exportListingsXlsx = () => exportCreditXlsx('listings')

// 信用异常记录
export type AnomalyState = 'active' | 'objected' | 'revoked' | 'expired'
export interface Anomaly {
  id: string
  number: string
  enterpriseId: string
  enterpriseName: string
  creditCode: string
  regionCode: string
  projectId: string | null
  projectName: string | null
  source: string
  category: string
  occurredOn: string
  summary: string
  evidence: Record<string, unknown>
  fileId: string | null
  recordedBy: string
  recordedOn: string
  expiresOn: string
  objectionDue: string
  objection: string | null
  objectedOn: string | null
  objectedBy: string | null
  correction: 'upheld' | 'revoked' | null
  correctionReason: string | null
  correctedOn: string | null
  correctedBy: string | null
  state: AnomalyState
}
export interface NewAnomaly {
  enterpriseId: string
  projectId?: string
  category: string
  occurredOn: string
  summary: string
  fileId: string
}
export const listAnomalies = (params: { enterpriseId?: string; state?: string; source?: string; page?: number; pageSize?: number }) =>
  http.get<Paged<Anomaly>>('/api/v1/credit/anomalies', params)
export const getAnomaly = (id: string) => http.get<Anomaly>(`/api/v1/credit/anomalies/${id}`)
export const recordAnomaly = (body: NewAnomaly) => http.post<Anomaly>('/api/v1/credit/anomalies', body)
export const objectToAnomaly = (id: string, objection: string) => http.post<Anomaly>(`/api/v1/credit/anomalies/${id}/objection`, { objection })
export const correctAnomaly = (id: string, outcome: 'revoke' | 'uphold', reason: string) =>
  http.post<Anomaly>(`/api/v1/credit/anomalies/${id}/correction`, { outcome, reason })

// 守法诚信等级
export interface Grade {
  enterpriseId: string
  enterpriseName: string
  creditCode: string
  computedGrade: 'A' | 'B' | 'C'
  rule: string
  facts: Record<string, unknown>
  grade: 'A' | 'B' | 'C'
  adjustedReason: string | null
  adjustedBy: string | null
  incentive: boolean
}
export interface GradeRun {
  id: string
  regionCode: string
  year: number
  version: number
  state: 'draft' | 'published'
  computedAt: string
  computedBy: string
  publishedOn: string | null
  publishedBy: string | null
  counts: { A: number; B: number; C: number }
  incentives: number
  grades: Grade[]
}
export const listGradeRuns = () => http.get<{ items: GradeRun[] }>('/api/v1/credit/grade-runs')
export const getGradeRun = (id: string, grade?: string) => http.get<GradeRun>(`/api/v1/credit/grade-runs/${id}`, grade ? { grade } : {})
export const evaluateGrades = (year: number) => http.post<GradeRun>('/api/v1/credit/grade-runs', { year })
export const adjustGrade = (runId: string, enterpriseId: string, grade: string, reason: string) =>
  http.post<GradeRun>(`/api/v1/credit/grade-runs/${runId}/adjustments`, { enterpriseId, grade, reason })
export const publishGrades = (runId: string) => http.post<GradeRun>(`/api/v1/credit/grade-runs/${runId}/publish`, {})
export const listIncentives = (on?: string) => http.get<{ on: string; items: Grade[] }>('/api/v1/credit/incentives', on ? { on } : {})

// 企业信用档案
export interface CreditProfile {
  enterpriseId: string
  enterpriseName: string
  creditCode: string
  grade: { grade: 'A' | 'B' | 'C'; year: number; regionCode: string; rule: string; publishedOn: string; incentive: boolean } | null
  on: string
  listed: boolean
  listings: { number: string; state: string; decidedOn: string | null; expiresOn: string | null; removedOn: string | null; removal: string | null }[]
  history: { year: number; version: number; regionCode: string; grade: string; rule: string; adjustedReason: string | null; publishedOn: string; incentive: boolean }[]
}
export const getCreditProfile = (enterpriseId: string, on?: string) =>
  http.get<CreditProfile>(`/api/v1/credit/profiles/${enterpriseId}`, on ? { on } : {})

// 重大劳动保障违法行为社会公布
export interface PublishedViolation {
  enterpriseName: string
  creditCode: string
  legalRepresentative: string
  on: string
  facts: string
  handling: string
  reference: string
}
export interface Publication {
  id: string | null
  number: string | null
  regionCode: string
  year: number
  quarter: number
  publishedOn: string | null
  publishedBy: string | null
  count: number
  items: PublishedViolation[]
}
export const listPublications = () => http.get<{ items: Publication[] }>('/api/v1/credit/publications')
export const getPublication = (year: number, quarter: number) => http.get<Publication>('/api/v1/credit/publication', { year, quarter })
export const publishQuarter = (year: number, quarter: number) => http.post<Publication>('/api/v1/credit/publications', { year, quarter })
export async function downloadPublicationXlsx(year: number, quarter: number): Promise<void> {
  saveBlob(await requestBlob('/api/v1/credit/publication', { year, quarter, format: 'xlsx' }), `重大劳动保障违法行为-${year}Q${quarter}.xlsx`)
}

// The public pages (no login): what the law makes public.
export const publicPublications = () => http.get<{ items: Publication[] }>('/api/v1/public/credit/publications')
export const publicPublication = (id: string) => http.get<Publication>(`/api/v1/public/credit/publications/${id}`)
export const publicIncentives = () => http.get<{ items: { enterpriseName: string; creditCode: string }[] }>('/api/v1/public/credit/incentives')
