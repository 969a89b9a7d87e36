// 智能派单建议 (docs/dispatch.md): the likeliest categories, lead units and
// place of a demand, each with a confidence and the server's reasons.
//   - at intake, while the agent types: POST /dispatch/suggest, debounced,
//     only once the content has a few characters (`draft`);
//   - in the dispatch form, for a saved order: GET /orders/{id}/suggestions
//     (`order`).
// Suggestions only help: a failure (e.g. 503 dispatch_unavailable) is kept
// as a note and never stands in the way of intake or dispatch.
import { defineStore } from 'pinia'
import { api } from '@/api/client.js'

export const DEBOUNCE_MS = 400
export const MIN_CONTENT_CHARS = 6

const chars = (s) => [...(s || '').trim()].length

// What of the intake form is sent: title, content and address, once the
// content is long enough to say something. The chosen category is left out
// on purpose: picking a suggested category must not reshuffle the tags.
export function draftProbeOf(form) {
  if (chars(form.content) < MIN_CONTENT_CHARS) return null
  const probe = { content: form.content.trim() }
  if (form.title?.trim()) probe.title = form.title.trim()
  if (form.address?.trim()) probe.address = form.address.trim()
  return probe
}

// 0.8734 → 87 (a whole percent for the bars and labels).
export function percent(confidence) {
  const n = Number(confidence)
  if (!Number.isFinite(n) || n <= 0) return 0
  return Math.min(100, Math.round(n * 100))
}

// What the suggestions rest on, in a few words.
export function modelLabel(version) {
  return version ? `模型 v${version}` : '未训练模型，依据权责清单与地名'
}

// The recognised place as "街道 / 社区" (empty when none).
export function placeLabel(place) {
  if (!place) return ''
  return [place.street_name, place.community_name].filter(Boolean).join(' / ')
}

const empty = () => ({ model_version: null, categories: [], units: [], place: null })

function normalise(r) {
  return {
    model_version: r?.model_version ?? null,
    categories: r?.categories || [],
    units: r?.units || [],
    place: r?.place || null,
  }
}

// The note shown instead of the suggestions when they could not be had.
export function unavailableNote(e) {
  if (e && e.code === 'dispatch_unavailable') return '派单建议服务未启用'
  return `暂无派单建议：${(e && e.message) || '请求失败'}`
}

export const useDispatchSuggestions = defineStore('dispatchSuggestions', {
  state: () => ({
    // At intake.
    draft: empty(),
    draftLoading: false,
    draftError: '',
    key: '',
    seq: 0,
    timer: null,
    // In the dispatch form.
    orderId: null,
    order: empty(),
    orderLoading: false,
    orderError: '',
  }),
  getters: {
    hasDraft: (s) => s.draft.categories.length > 0,
  },
  actions: {
    // Called on every change of the intake form; asks at most once per pause.
    schedule(form) {
      if (this.timer) clearTimeout(this.timer)
      this.timer = null
      const probe = draftProbeOf(form)
      if (!probe) {
        this.clear()
        return
      }
      this.timer = setTimeout(() => {
        this.timer = null
        this.suggest(probe)
      }, DEBOUNCE_MS)
    },
    async suggest(probe) {
      const key = JSON.stringify(probe)
      if (key === this.key) return
      this.key = key
      const seq = ++this.seq
      this.draftLoading = true
      this.draftError = ''
      try {
        const r = await api.post('/dispatch/suggest', probe)
        if (seq !== this.seq) return // overtaken by a newer lookup
        this.draft = normalise(r)
      } catch (e) {
        if (seq !== this.seq) return
        this.draft = empty()
        this.draftError = unavailableNote(e)
        this.key = ''
      } finally {
        if (seq === this.seq) this.draftLoading = false
      }
    },
    clear() {
      if (this.timer) clearTimeout(this.timer)
      this.timer = null
      this.seq++
      this.draft = empty()
      this.draftLoading = false
      this.draftError = ''
      this.key = ''
    },

    // The suggestions for a saved order (the dispatch form).
    async loadForOrder(id) {
      this.orderId = id
      this.order = empty()
      this.orderError = ''
      this.orderLoading = true
      try {
        const r = await api.get(`/orders/${id}/suggestions`)
        if (this.orderId !== id) return
        this.order = normalise(r)
      } catch (e) {
        if (this.orderId !== id) return
        this.orderError = unavailableNote(e)
      } finally {
        if (this.orderId === id) this.orderLoading = false
      }
    },
    clearOrder() {
      this.orderId = null
      this.order = empty()
      this.orderLoading = false
      this.orderError = ''
    },
  },
})
