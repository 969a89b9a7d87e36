// 热点与专题: the period's surges (category × street counts well above their
// baseline) and text clusters, the 治理专题 proposals and topics. The pure
// helpers below shape what the page shows and sends.
import { defineStore } from 'pinia'
import { hotspotsApi } from '@/api/hotspots.js'
import { describeError } from '@/api/errors.js'
import { beijingDate } from '@/utils/time.js'

export const TOPIC_STATUS = {
  proposed: { label: '拟立项', type: 'info' },
  active: { label: '推进中', type: 'primary' },
  closed: { label: '已结项', type: 'success' },
}
// The moves the server allows: proposed → active → closed, or proposed → closed.
const NEXT_STATUS = { proposed: ['active', 'closed'], active: ['closed'], closed: [] }

export const statusLabel = (code) => (TOPIC_STATUS[code] ? TOPIC_STATUS[code].label : code)
export const nextStatuses = (code) => NEXT_STATUS[code] || []

// The last `days` China days up to today, both ends included.
export function lastDays(days, today = beijingDate()) {
  const t = Date.parse(`${today}T00:00:00Z`)
  return { from: new Date(t - (days - 1) * 86400000).toISOString().slice(0, 10), to: today }
}

// "3.2×", "0.0012", "<0.0001": the figures of a surge as the table shows them.
const figure = (v) => (v === null || v === undefined || v === '' ? NaN : Number(v))
export function ratioText(ratio) {
  const n = figure(ratio)
  return Number.isFinite(n) ? `${n.toFixed(1)}×` : '—'
}
export function pValueText(p) {
  const n = figure(p)
  if (!Number.isFinite(n)) return '—'
  return n < 0.0001 ? '<0.0001' : n.toFixed(4)
}
export function baselineText(b) {
  const n = figure(b)
  return Number.isFinite(n) ? n.toFixed(1) : '—'
}

// A cluster's top words, joined for one line.
export function clusterWords(cluster, max = 5) {
  return (cluster.top_bigrams || []).slice(0, max).join('、')
}

// An empty topic form, or one prefilled from a proposal (立项).
export function emptyTopicForm(today = beijingDate()) {
  return { title: '', description: '', category_id: null, street_unit_id: null, address_keyword: '', owner_unit_ids: [], measures: '', start_date: today, end_date: '', status: 'active' }
}
export function topicFormFromProposal(p, today = beijingDate()) {
  return {
    ...emptyTopicForm(today),
    title: p.suggested_title || `${p.street_name}「${p.category_name}」问题专项治理`,
    description: `近${p.weeks ? `${p.weeks}周` : '期'}内该街道同类诉求 ${p.orders} 件。`,
    category_id: p.category_id,
    street_unit_id: p.street_unit_id,
    owner_unit_ids: [...(p.suggested_owner_unit_ids || [])],
  }
}

// What the form sends: measures one a line, blanks left out.
export function topicBody(form) {
  const body = {
    title: form.title.trim(),
    category_id: form.category_id,
    owner_unit_ids: form.owner_unit_ids || [],
    measures: (form.measures || '').split('\n').map((m) => m.trim()).filter(Boolean),
    start_date: form.start_date,
    status: form.status || 'active',
  }
  if (form.description && form.description.trim()) body.description = form.description.trim()
  if (form.street_unit_id) body.street_unit_id = form.street_unit_id
  if (form.address_keyword && form.address_keyword.trim()) body.address_keyword = form.address_keyword.trim()
  if (form.end_date) body.end_date = form.end_date
  return body
}

// The checks made before asking the server (it checks them too).
export function topicFormErrors(form) {
  const errors = {}
  if (!form.title || !form.title.trim()) errors.title = '请填写专题名称'
  if (!form.category_id) errors.category_id = '请选择诉求分类'
  if (!form.street_unit_id && !(form.address_keyword || '').trim()) errors.street_unit_id = '请选择街道或填写地址关键词'
  if (!form.owner_unit_ids || !form.owner_unit_ids.length) errors.owner_unit_ids = '请选择至少一个责任单位'
  if (!form.start_date) errors.start_date = '请选择开始日期'
  if (form.end_date && form.start_date && form.end_date < form.start_date) errors.end_date = '结束日期不能早于开始日期'
  return errors
}

// The weekly volume as two bar series stacked on one axis: weeks before the
// start in one colour, from the start's week on in another.
export function volumeSeries(volume) {
  const weeks = (volume && volume.weeks) || []
  return {
    labels: weeks.map((w) => w.week_start.slice(5)),
    before: weeks.map((w) => (w.after_start ? null : w.orders)),
    after: weeks.map((w) => (w.after_start ? w.orders : null)),
  }
}

export const useHotspotsStore = defineStore('hotspots', {
  state: () => ({
    period: lastDays(7),
    result: null,
    loading: false,
    error: '',
    proposals: [],
    proposalsError: '',
    proposalsLoading: false,
    proposalsReady: false,
    topics: [],
    topicsError: '',
    topicsLoading: false,
  }),
  getters: {
    surges: (s) => (s.result ? s.result.surges : []),
    clusters: (s) => (s.result ? s.result.clusters : []),
  },
  actions: {
    async loadHotspots() {
      if (!this.period || !this.period.from) return
      this.loading = true
      this.error = ''
      try {
        this.result = await hotspotsApi.hotspots(this.period)
      } catch (e) {
        this.result = null
        this.error = describeError(e)
      } finally {
        this.loading = false
      }
    },
    async loadProposals() {
      this.proposalsLoading = true
      this.proposalsError = ''
      try {
        this.proposals = (await hotspotsApi.proposals()).items || []
      } catch (e) {
        this.proposals = []
        this.proposalsError = describeError(e)
      } finally {
        this.proposalsLoading = false
        this.proposalsReady = true
      }
    },
    async loadTopics() {
      this.topicsLoading = true
      this.topicsError = ''
      try {
        this.topics = (await hotspotsApi.topics()).items || []
      } catch (e) {
        this.topics = []
        this.topicsError = describeError(e)
      } finally {
        this.topicsLoading = false
      }
    },
    // Creates a topic and refreshes both lists (its cell leaves the proposals).
    async createTopic(form) {
      const topic = await hotspotsApi.createTopic(topicBody(form))
      await Promise.all([this.loadTopics(), this.loadProposals()])
      return topic
    },
    async setStatus(id, status) {
      const topic = await hotspotsApi.patchTopic(id, { status })
      const i = this.topics.findIndex((t) => t.id === id)
      if (i >= 0) this.topics[i] = topic
      return topic
    },
    warn: (surge, period, dryRun) => hotspotsApi.warn({ ...surge, ...period }, dryRun),
  },
})
