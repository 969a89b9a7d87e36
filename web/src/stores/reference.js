// Reference data every page needs (units, the category tree, code names),
// fetched once per session and shared.
import { defineStore } from 'pinia'
import { api } from '@/api/client.js'

export const useReferenceStore = defineStore('reference', {
  state: () => ({ units: [], categories: [], meta: null, loaded: false, loading: null }),
  getters: {
    unitById: (s) => new Map(s.units.map((u) => [u.id, u])),
    streets: (s) => s.units.filter((u) => u.kind === 'street'),
    departments: (s) => s.units.filter((u) => u.kind === 'department'),
    handlingUnits: (s) => s.units.filter((u) => u.kind !== 'platform'),
    categoryById(s) {
      const map = new Map()
      const walk = (nodes, parentId) =>
        nodes.forEach((c) => {
          map.set(c.id, { ...c, parent_id: parentId })
          walk(c.children || [], c.id)
        })
      walk(s.categories, null)
      return map
    },
  },
  actions: {
    async load() {
      if (this.loaded) return
      if (!this.loading) {
        this.loading = Promise.all([api.get('/units'), api.get('/categories'), api.get('/meta')])
          .then(([units, categories, meta]) => {
            this.units = units.items || units
            this.categories = categories.items || categories
            this.meta = meta
            this.loaded = true
          })
          .finally(() => {
            this.loading = null
          })
      }
      return this.loading
    },
    unitName(id) {
      const u = this.unitById.get(id)
      return u ? u.name : id ? `单位 ${id}` : '—'
    },
    categoryPath(id) {
      const names = []
      let c = this.categoryById.get(id)
      while (c) {
        names.unshift(c.name)
        c = c.parent_id ? this.categoryById.get(c.parent_id) : null
      }
      return names.join(' / ') || '—'
    },
    name(kind, code) {
      const list = this.meta ? this.meta[kind] || [] : []
      const hit = list.find((x) => x.code === code)
      return hit ? hit.name : code
    },
  },
})
