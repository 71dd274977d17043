// Choices shared by every page: the region the pages look at (within the user's scope) and the
// side menu's state. The region is remembered per user in localStorage.
import { defineStore } from 'pinia'
import { ref } from 'vue'

export interface RegionChoice {
  code: string // "" = the whole platform (a user without a region scope)
  name: string
  path: string[] // codes from the user's scope root down to `code`
}

const key = (userId: string) => `anxin.region.${userId}`

export const usePreferencesStore = defineStore('preferences', () => {
  const region = ref<RegionChoice>({ code: '', name: '', path: [] })
  const menuCollapsed = ref(localStorage.getItem('anxin.menuCollapsed') === '1')
  let owner = ''

  // Restores the user's last region when it is still inside the scope, else the scope itself.
  function initRegion(userId: string, scopeCode: string, scopeName: string) {
    owner = userId
    const fallback: RegionChoice = { code: scopeCode, name: scopeName, path: scopeCode ? [scopeCode] : [] }
    try {
      const saved = JSON.parse(localStorage.getItem(key(userId)) ?? 'null') as RegionChoice | null
      region.value = saved && typeof saved.code === 'string' && saved.code.startsWith(scopeCode) ? saved : fallback
    } catch {
      region.value = fallback
    }
  }

  function setRegion(choice: RegionChoice) {
    region.value = choice
    if (owner) localStorage.setItem(key(owner), JSON.stringify(choice))
  }

  function toggleMenu() {
    menuCollapsed.value = !menuCollapsed.value
    localStorage.setItem('anxin.menuCollapsed', menuCollapsed.value ? '1' : '0')
  }

  return { region, menuCollapsed, initRegion, setRegion, toggleMenu }
})
