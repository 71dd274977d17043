// The signed-in user: token (kept in localStorage so a reload stays signed in), the user from
// /auth/me, and the permissions that decide which menus and buttons appear. The server decides
// access; these only hide what would be refused.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as authApi from '@/api/auth'
import type { User } from '@/api/users'

const TOKEN_KEY = 'anxin.token'

export const useAuthStore = defineStore('auth', () => {
  const token = ref<string | null>(localStorage.getItem(TOKEN_KEY))
  const user = ref<User | null>(null)
  const permissions = ref<string[]>([])
  // Why the last session ended (shown on the login page), e.g. the idle-timeout message.
  const endedReason = ref('')

  const signedIn = computed(() => token.value !== null)
  const can = (permission: string | undefined) => !permission || permissions.value.includes(permission)

  function setToken(value: string | null) {
    token.value = value
    if (value) localStorage.setItem(TOKEN_KEY, value)
    else localStorage.removeItem(TOKEN_KEY)
  }

  async function login(username: string, password: string, otp?: string) {
    const result = await authApi.login(username, password, otp)
    setToken(result.token)
    user.value = result.user
    permissions.value = result.permissions
    endedReason.value = ''
    return result
  }

  async function loadMe() {
    const me = await authApi.fetchMe()
    user.value = me.user
    permissions.value = me.permissions
    return me
  }

  // The session is over (401): forget it and remember why.
  function end(reason: string) {
    setToken(null)
    user.value = null
    permissions.value = []
    endedReason.value = reason
  }

  async function logout() {
    try {
      if (token.value) await authApi.logout()
    } finally {
      end('')
    }
  }

  // What the server refuses everything else until done: the security page is the only way on.
  const pendingSecurity = computed(() => !!user.value && (user.value.mustChangePassword || !!user.value.totpRequired))

  return { token, user, permissions, endedReason, signedIn, can, pendingSecurity, login, loadMe, end, logout }
})
