// The caller's earlier orders, shown beside the intake form as soon as the
// number is known (typed, or later pushed by the telephony screen pop).
import { defineStore } from 'pinia'
import { api } from '@/api/client.js'

export const useCallerHistory = defineStore('callerHistory', {
  state: () => ({ phone: '', items: [], loading: false, error: '', call: null }),
  actions: {
    async load(phone) {
      if (phone === this.phone && this.items.length) return
      this.phone = phone
      this.loading = true
      this.error = ''
      try {
        const r = await api.get('/orders', { caller_phone: phone, page_size: 10 })
        if (this.phone === phone) this.items = r.items
      } catch (e) {
        this.items = []
        this.error = e.message
      } finally {
        this.loading = false
      }
    },
    // A screen pop: the telephony system says this caller is on the line.
    pop(call) {
      this.call = { id: call.call_id, number: call.caller_number, at: call.at, total: call.total }
      this.phone = call.caller_number
      this.items = call.orders || []
      this.error = ''
    },
    clear() {
      this.phone = ''
      this.items = []
      this.error = ''
      this.call = null
    },
  },
})
