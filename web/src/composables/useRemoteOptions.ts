// The options of a picker that searches the server as a person types (projects, enterprises, staff):
// the last answer, a loading flag, and a search that never throws (a failed search offers nothing).
import { ref, type Ref } from 'vue'

export function useRemoteOptions<T>(fetch: (q: string) => Promise<T[]>, initial: T[] = []) {
  const options = ref(initial) as Ref<T[]>
  const loading = ref(false)
  async function search(q: string) {
    loading.value = true
    try {
      options.value = await fetch(q.trim())
    } catch {
      options.value = []
    } finally {
      loading.value = false
    }
  }
  return { options, loading, search }
}
