// The calendar's covered years, read once per sign-in: DueDate marks deadlines past them.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { getCalendarCoverage, type CalendarCoverage } from '@/api/calendar'

export const useCalendarStore = defineStore('calendar', () => {
  const coverage = ref<CalendarCoverage | null>(null)
  let loading: Promise<void> | null = null
  function load() {
    if (coverage.value || loading) return loading ?? Promise.resolve()
    loading = getCalendarCoverage()
      .then((c) => { coverage.value = c })
      .catch(() => { /* without it no deadline is marked; the dates themselves are right */ })
      .finally(() => { loading = null })
    return loading
  }
  return { coverage, load }
})
