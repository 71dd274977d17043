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
  grade: string | null
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

// The credit-sharing export (listings and removals) as the spreadsheet the provincial platform takes.
export async function exportListingsXlsx(): Promise<void> {
  saveBlob(await requestBlob('/api/v1/credit/export', { format: 'xlsx' }), '失信联合惩戒名单.xlsx')
}
