// One read a panel needs (a tab's data): loading, the error to show with a retry, and reload after
// an action. Only the newest call may set the data.
import { ref, type Ref } from 'vue'
import { errorMessage } from '@/api/request'

export function useLoad<T>(fetch: () => Promise<T>, initial: T, immediate = true) {
  const data = ref(initial) as Ref<T>
  const loading = ref(false)
  const error = ref('')
  let sequence = 0

  async function reload() {
    const mine = ++sequence
    loading.value = true
    error.value = ''
    try {
      const value = await fetch()
      if (mine === sequence) data.value = value
    } catch (e) {
      if (mine === sequence) error.value = errorMessage(e)
    } finally {
      if (mine === sequence) loading.value = false
    }
  }
  if (immediate) void reload()
  return { data, loading, error, reload }
}
