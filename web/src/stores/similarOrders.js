// 并单 at intake: while the agent types, similar recent orders (by text,
// address or caller) and the warnings 重复来电 / 群体诉求 are fetched from
// POST /intake/similar, debounced, and shown beside the form; 并单 saves the
// new order and merges it into the chosen one (docs/duplicates.md).
import { defineStore } from 'pinia'
import { api } from '@/api/client.js'

export const DEBOUNCE_MS = 400
const MIN_TEXT_CHARS = 6
const MIN_PHONE_CHARS = 7
const MIN_ADDRESS_CHARS = 4

const chars = (s) => [...(s || '').trim()].length

// What of the form is worth a lookup: enough text, or a known number or place.
export function probeOf(form) {
  const text = chars(form.title) + chars(form.content)
  const phone = chars(form.caller_phone) >= MIN_PHONE_CHARS
  const address = chars(form.address) >= MIN_ADDRESS_CHARS
  if (text < MIN_TEXT_CHARS && !phone && !address) return null
  const probe = {}
  if (text >= MIN_TEXT_CHARS) {
    if (form.title?.trim()) probe.title = form.title.trim()
    if (form.content?.trim()) probe.content = form.content.trim()
  }
  if (phone) probe.caller_phone = form.caller_phone.trim()
  if (address) probe.address = form.address.trim()
  if (form.category_id) probe.category_id = form.category_id
  if (form.community_unit_id) probe.community_unit_id = form.community_unit_id
  return probe
}

export const useSimilarOrders = defineStore('similarOrders', {
  state: () => ({ items: [], warnings: [], loading: false, error: '', key: '', seq: 0, timer: null }),
  actions: {
    // Called on every change of the form; looks up at most once per pause.
    schedule(form) {
      if (this.timer) clearTimeout(this.timer)
      const probe = probeOf(form)
      if (!probe) {
        this.clear()
        return
      }
      this.timer = setTimeout(() => {
        this.timer = null
        this.lookup(probe)
      }, DEBOUNCE_MS)
    },
    async lookup(probe) {
      const key = JSON.stringify(probe)
      if (key === this.key) return
      this.key = key
      const seq = ++this.seq
      this.loading = true
      this.error = ''
      try {
        const r = await api.post('/intake/similar', probe)
        if (seq !== this.seq) return // a newer lookup is under way or done
        this.items = r.items || []
        this.warnings = r.warnings || []
      } catch (e) {
        if (seq !== this.seq) return
        this.items = []
        this.warnings = []
        this.error = e.message
        this.key = ''
      } finally {
        if (seq === this.seq) this.loading = false
      }
    },
    // 并单: the new order is saved, then merged into `candidate`.
    async saveAndMerge(body, candidate) {
      const order = await api.post('/orders', body)
      const note = `受理时并单：${(candidate.reasons || []).join('、')}`
      const merged = await api.act(order.id, 'merge', { into_id: candidate.id, note })
      return { order, merged }
    },
    clear() {
      if (this.timer) clearTimeout(this.timer)
      this.timer = null
      this.seq++
      this.items = []
      this.warnings = []
      this.loading = false
      this.error = ''
      this.key = ''
    },
  },
})
