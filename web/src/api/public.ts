// The worker H5 page's calls: no login, no bearer token, no console retry prompt. Errors come back as
// ApiError (the server's envelope, error.fields for the form).
import { ApiError, buildUrl, errorFromResponse, NETWORK_MESSAGE, type Query } from './request'
import type { ComplaintBody } from './clues'

export interface PublicBoardItem {
  key: string // constructionUnit, generalContractor, projectDepartment, subcontractors, … (notices.hpp)
  label: string
  value: string
}
export interface PublicProject {
  projectName: string
  address: string
  publicUrl: string
  items: PublicBoardItem[]
}

export interface Challenge {
  challenge: string
  difficulty: number
  expiresAt: string
}

export interface PublicClueInput extends Omit<ComplaintBody, 'workerCount'> {
  projectToken?: string
  regionCode?: string
  workerCount?: number
}

export interface PublicReceipt {
  trackingCode: string
  acceptDeadline: string
}

export interface OwedMonth {
  month: string
  countedDays: number
  earned: number
  paid: number
  owed: number
}
export interface OwedReport {
  projectName: string
  employerName: string
  months: OwedMonth[]
  totalOwed: number
  unpaidFrom: string | null
  unpaidTo: string | null
  formula: string
}

export interface TrackStep {
  at: string
  title: string
  detail: string
}
export interface TrackingView {
  trackingCode: string
  status: string
  statusLabel: string
  employerName: string
  amount: number
  receivedAt: string
  acceptDeadline: string | null
  decisionReason: string | null
  steps: TrackStep[]
  case: {
    stateLabel: string
    steps: TrackStep[]
    nextDeadline: string | null
    nextDeadlineLabel: string
    closed: boolean
  } | null
  canConfirm: boolean
}

async function call<T>(method: string, path: string, options: { query?: Query; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers }
  let body: string | undefined
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  let response: Response
  try {
    response = await globalThis.fetch(buildUrl(path, options.query), { method, headers, body, cache: 'no-store' })
  } catch {
    throw new ApiError(0, 'network', NETWORK_MESSAGE)
  }
  if (!response.ok) throw await errorFromResponse(response)
  if (response.status === 204) return undefined as T
  const text = await response.text()
  return (text ? JSON.parse(text) : undefined) as T
}

const enc = encodeURIComponent

export const getPublicProject = (token: string) => call<PublicProject>('GET', `/api/v1/public/projects/${enc(token)}`)

export const getOwed = (token: string, idNumber: string, phone: string) =>
  call<OwedReport>('POST', `/api/v1/public/projects/${enc(token)}/owed`, { body: { idNumber, phone } })

export const getChallenge = () => call<Challenge>('GET', '/api/v1/public/clues/challenge')

export const submitClue = (input: PublicClueInput & { challenge: string; nonce: string }, idempotencyKey: string) =>
  call<PublicReceipt>('POST', '/api/v1/public/clues', { body: input, headers: { 'Idempotency-Key': idempotencyKey } })

export const trackClue = (trackingCode: string, phone: string) =>
  call<TrackingView>('POST', '/api/v1/public/clues/track', { body: { trackingCode, phone } })

export const confirmClue = (trackingCode: string, phone: string, moneyArrived: boolean) =>
  call<void>('POST', '/api/v1/public/clues/confirm', { body: { trackingCode, phone, moneyArrived } })

// A random key per submission (the HTTP layer replays a repeated POST with the same key).
export function newIdempotencyKey(): string {
  const c = globalThis.crypto
  if (typeof c.randomUUID === 'function') return c.randomUUID()
  const bytes = c.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
