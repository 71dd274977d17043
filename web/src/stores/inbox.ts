// The signed-in official's unread inbox count for the header bell: refreshed on each page change and
// after a message is opened, at most once every 30 seconds otherwise.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { listInbox } from '@/api/messages'

export const useInboxStore = defineStore('inbox', () => {
  const unread = ref(0)
  let last = 0
  async function refresh(force = false) {
    if (!force && Date.now() - last < 30_000) return
    last = Date.now()
    try {
      unread.value = (await listInbox({ unread: true, pageSize: 1 })).total
    } catch {
      // The bell is a convenience: a failed count leaves the last one.
    }
  }
  return { unread, refresh }
})
