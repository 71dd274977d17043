// /api/v1/users: list (user.read), create/edit/disable (user.write), unlock, role, password and
// second-factor reset (user.security).
import { http, type Paged } from './request'

export type Role =
  | 'system-admin'
  | 'security-admin'
  | 'audit-admin'
  | 'supervisor'
  | 'industry-officer'
  | 'enterprise-user'
  | 'bank-operator'

export interface User {
  id: string
  username: string
  displayName: string
  role: Role
  regionCode: string
  industry: string
  enterpriseId: string
  bankCode: string
  status: 'active' | 'disabled'
  locked: boolean
  lockedUntil?: string
  attackedAt?: string // failed logins from many addresses since then (until unlocked)
  mustChangePassword: boolean
  totpEnabled: boolean
  totpRequired?: boolean // /auth/me only: an administrator who has not enrolled the second factor yet
  createdAt: string
}

export interface UserFilter {
  role?: string
  regionCode?: string
  username?: string
  page?: number
  pageSize?: number
}

export interface NewUser {
  username: string
  displayName: string
  password: string
  role: Role
  regionCode?: string
  industry?: string
  enterpriseId?: string
  bankCode?: string
}

export type UserPatch = Partial<Pick<User, 'displayName' | 'regionCode' | 'industry' | 'enterpriseId' | 'bankCode' | 'status'>>

export interface RoleChange {
  role: Role
  industry?: string
  enterpriseId?: string
  bankCode?: string
}

export const listUsers = (filter: UserFilter) => http.get<Paged<User>>('/api/v1/users', { ...filter })
export const getUser = (id: string) => http.get<User>(`/api/v1/users/${encodeURIComponent(id)}`)
export const createUser = (input: NewUser) => http.post<User>('/api/v1/users', input)
export const updateUser = (id: string, patch: UserPatch) => http.patch<User>(`/api/v1/users/${encodeURIComponent(id)}`, patch)
export const unlockUser = (id: string) => http.post<User>(`/api/v1/users/${encodeURIComponent(id)}/unlock`)
export const changeRole = (id: string, change: RoleChange) =>
  http.post<User>(`/api/v1/users/${encodeURIComponent(id)}/role`, change)
export const resetPassword = (id: string, newPassword: string) =>
  http.post<User>(`/api/v1/users/${encodeURIComponent(id)}/password-reset`, { newPassword })
export const resetTotp = (id: string) => http.post<User>(`/api/v1/users/${encodeURIComponent(id)}/totp-reset`)

// The staff directory (staff.read): supervisors and industry officers whose scope covers a region
// (that region or above it) — the leader picker of 领导包案.
export interface StaffMember {
  id: string
  username: string
  displayName: string
  role: Role
  regionCode: string
  industry: string
}
export const listStaff = (covering: string, q = '') =>
  http.get<{ items: StaffMember[] }>('/api/v1/staff', { covering, q: q || undefined })
