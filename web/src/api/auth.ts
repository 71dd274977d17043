// POST /api/v1/auth/login, GET /api/v1/auth/me, POST /api/v1/auth/logout, POST /api/v1/auth/password,
// and the second factor: /api/v1/auth/totp (status), /enrolment, /activation, /disable.
import { http, request } from './request'
import type { User } from './users'

export interface LoginResult {
  token: string
  expiresAt: string
  idleTimeoutMinutes: number
  user: User
  permissions: string[]
}

export interface Me {
  user: User
  permissions: string[]
}

// `otp`: the 6-digit code (or a recovery code) of a user with the second factor; the server asks
// for it with a 401 whose fields name "otp".
export const login = (username: string, password: string, otp?: string) =>
  request<LoginResult>('POST', '/api/v1/auth/login', {
    body: otp ? { username, password, otp } : { username, password },
    auth: false,
    redirectOn401: false,
  })

export const fetchMe = () => http.get<Me>('/api/v1/auth/me')

// A logout whose session already ended is still a logout: no redirect loop on 401.
export const logout = () => request<void>('POST', '/api/v1/auth/logout', { body: {}, redirectOn401: false })

export const changePassword = (oldPassword: string, newPassword: string) =>
  http.post<void>('/api/v1/auth/password', { oldPassword, newPassword })

export interface TotpStatus {
  enabled: boolean
  required: boolean // an administrator: it cannot be switched off
  recoveryCodesLeft: number
}
export interface TotpEnrolment {
  secret: string // base32, for typing into the app when the QR code cannot be scanned
  otpauthUri: string
  qrSvg: string
}
export const getTotp = () => http.get<TotpStatus>('/api/v1/auth/totp')
export const beginTotp = () => http.post<TotpEnrolment>('/api/v1/auth/totp/enrolment', {})
export const activateTotp = (code: string) => http.post<{ recoveryCodes: string[] }>('/api/v1/auth/totp/activation', { code })
export const disableTotp = (code: string) => http.post<void>('/api/v1/auth/totp/disable', { code })
