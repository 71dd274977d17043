// POST /api/v1/auth/login, GET /api/v1/auth/me, POST /api/v1/auth/logout, POST /api/v1/auth/password.
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

export const login = (username: string, password: string) =>
  request<LoginResult>('POST', '/api/v1/auth/login', { body: { username, password }, auth: false, redirectOn401: false })

export const fetchMe = () => http.get<Me>('/api/v1/auth/me')

// A logout whose session already ended is still a logout: no redirect loop on 401.
export const logout = () => request<void>('POST', '/api/v1/auth/logout', { body: {}, redirectOn401: false })

export const changePassword = (oldPassword: string, newPassword: string) =>
  http.post<void>('/api/v1/auth/password', { oldPassword, newPassword })
