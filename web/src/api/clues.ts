// /api/v1/clues (clues): complaints from every channel in the caller's scope, routing (属地 +
// 行业 + 总包), acceptance. Complainant fields are masks (full values only with worker.unmask +
// reveal, audited); for enterprise users without the complainant's consent they are absent.
import { http, type Paged } from './request'

export type ClueStatus = 'received' | 'accepted' | 'rejected' | 'merged'

export interface RoutingEntry {
  id: string
  targetKind: 'town' | 'county' | 'department' | 'gc_headquarters' | string
  targetRef: string
  reason: string
  active: boolean
  routedBy: string
  routedAt: string
}

export interface Clue {
  id: string
  trackingCode: string
  channel: string
  sourceSystem: string | null
  sourceId: string | null
  isConstruction: boolean
  identityDisclosureAgreed: boolean
  identityWithheld: boolean
  revealed: boolean
  // Absent (not null) when the identity is withheld from the caller.
  complainantName?: string | null
  idNumber?: string | null
  phone?: string | null
  bankCard?: string | null
  workerId?: string | null
  employerName: string
  employerAddress: string
  employerId: string | null
  projectId: string | null
  regionCode: string
  countyCode: string
  industry: string | null
  unpaidFrom: string | null
  unpaidTo: string | null
  amount: number // fen
  workerCount: number
  description: string
  keyGrade: 'red' | 'yellow' | 'blue' | null
  keyReason: string | null
  status: ClueStatus
  caseId: string | null
  acceptDeadline: string | null
  decidedAt: string | null
  decidedBy: string | null
  decisionReason: string | null
  receivedAt: string
  createdBy: string
  createdAt: string
  updatedAt: string
  routing: RoutingEntry[]
}

export interface ClueFilter {
  status?: ClueStatus
  channel?: string
  projectId?: string
  employer?: string // enterprise id or a name prefix
  keyGrade?: string
  receivedFrom?: string // YYYY-MM-DD, inclusive
  receivedTo?: string
  regionCode?: string
  page?: number
  pageSize?: number
}

export interface Reroute {
  regionCode?: string
  departmentId?: string
  reason: string
}

export interface Decision {
  accepted: boolean
  reason?: string // required when rejecting
}

const base = (id: string) => `/api/v1/clues/${encodeURIComponent(id)}`
// A complaint as every entrance sends it (the H5 page, staff registration): who, against whom,
// for which months, how much (fen), how many workers.
export interface ComplaintBody {
  complainantName: string
  phone: string
  idNumber?: string
  employerName?: string
  employerAddress?: string
  unpaidFrom?: string // YYYY-MM
  unpaidTo?: string
  amount: number // fen
  workerCount: number
  description?: string
  identityDisclosureAgreed: boolean
}
// A complaint registered by staff (walk-in, phone, petition, referral): where it came from, the
// project when known (else the region), and a key-clue grade if any.
export interface StaffClueInput extends ComplaintBody {
  channel: string
  projectId?: string
  regionCode?: string
  isConstruction: boolean
  keyGrade?: string
  keyReason?: string
}
// The channels staff register (the QR code and the web form come from the public page).
export const STAFF_CHANNELS = ['walk_in', 'hotline_12345', 'hotline_12333', 'petition', 'national_platform', 'transfer'] as const

export const createClue = (input: StaffClueInput) => http.post<Clue>('/api/v1/clues', input)
export const listClues = (filter: ClueFilter) => http.get<Paged<Clue>>('/api/v1/clues', { ...filter })
export const getClue = (id: string, reveal = false) => http.get<Clue>(base(id), reveal ? { reveal: true } : undefined)
export const rerouteClue = (id: string, input: Reroute) => http.post<Clue>(`${base(id)}/routing`, input)
export const decideClue = (id: string, decision: Decision) => http.post<Clue>(`${base(id)}/acceptance`, decision)
