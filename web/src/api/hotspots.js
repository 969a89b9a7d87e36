// The calls behind 热点与专题 (docs/hotspots.md, docs/api.md "Hot spots"):
// surges and text clusters for a period, a hot spot's 预警函 (drafted with
// `dryRun`, else issued), and the 治理专题 with their proposals and weekly
// demand volume.
import { api } from './client.js'

export const hotspotsApi = {
  hotspots: ({ from, to, windowDays } = {}) => api.get('/hotspots', { from, to, window_days: windowDays }),
  warn: ({ category_id, street_unit_id, from, to }, dryRun) =>
    api.post('/hotspots/warn', { category_id, street_unit_id, from, to, dry_run: !!dryRun }),
  proposals: (query = {}) => api.get('/topics/proposals', query),
  topics: (status) => api.get('/topics', { status }),
  topic: (id) => api.get(`/topics/${id}`),
  createTopic: (body) => api.post('/topics', body),
  patchTopic: (id, body) => api.patch(`/topics/${id}`, body),
  volume: (id, query = {}) => api.get(`/topics/${id}/volume`, query),
}
