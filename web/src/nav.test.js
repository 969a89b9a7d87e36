import { describe, expect, it } from 'vitest'
import { canOpen, homeFor, pagesFor } from './nav.js'

describe('navigation by role', () => {
  it('gives each role its working page as home', () => {
    expect(homeFor('agent')).toBe('/intake')
    expect(homeFor('dispatcher')).toBe('/dispatch')
    expect(homeFor('handler')).toBe('/workbench')
    expect(homeFor('unit_admin')).toBe('/workbench')
    expect(homeFor('reviewer')).toBe('/review')
    expect(homeFor('callback')).toBe('/callback')
    expect(homeFor('leader')).toBe('/dashboard')
  })

  it('shows unit staff no platform pages and agents no workbench', () => {
    const handler = pagesFor('handler').map((p) => p.name)
    expect(handler).toContain('workbench')
    expect(handler).not.toContain('intake')
    expect(handler).not.toContain('dispatch')
    expect(canOpen('handler', 'dashboard')).toBe(false)
    expect(canOpen('agent', 'workbench')).toBe(false)
    expect(canOpen('agent', 'intake')).toBe(true)
    // Every role can search the orders of its own scope.
    for (const role of ['agent', 'handler', 'leader', 'deputy', 'admin']) expect(canOpen(role, 'orders')).toBe(true)
  })
})

describe('the oversight pages', () => {
  it('opens 督办, 吹哨, 报表 and 考核 to the roles that use them', () => {
    expect(canOpen('supervisor', 'supervision')).toBe(true)
    expect(canOpen('handler', 'supervision')).toBe(true)
    expect(canOpen('agent', 'supervision')).toBe(false)
    expect(canOpen('handler', 'whistles')).toBe(true)
    expect(canOpen('dispatcher', 'whistles')).toBe(false)
    expect(canOpen('deputy', 'reports')).toBe(true)
    expect(canOpen('handler', 'reports')).toBe(false)
    expect(canOpen('unit_admin', 'rankings')).toBe(true)
    expect(canOpen('callback', 'rankings')).toBe(false)
  })
})

describe('the knowledge base', () => {
  it('is open to every role and edited by administrators and supervisors only', async () => {
    const { mayEditKnowledge } = await import('./nav.js')
    for (const role of ['agent', 'dispatcher', 'handler', 'unit_admin', 'leader', 'deputy', 'admin']) expect(canOpen(role, 'knowledge')).toBe(true)
    expect(mayEditKnowledge('admin')).toBe(true)
    expect(mayEditKnowledge('supervisor')).toBe(true)
    expect(mayEditKnowledge('agent')).toBe(false)
    expect(mayEditKnowledge('handler')).toBe(false)
  })
})

describe('派单知识', () => {
  it('is for administrators only', () => {
    expect(canOpen('admin', 'dispatch-knowledge')).toBe(true)
    for (const role of ['agent', 'dispatcher', 'supervisor', 'leader', 'handler', 'unit_admin']) expect(canOpen(role, 'dispatch-knowledge')).toBe(false)
    expect(pagesFor('admin').map((p) => p.name)).toContain('dispatch-knowledge')
  })
})

describe('热点与专题', () => {
  it('is open to leaders, supervisors, dispatchers and administrators', async () => {
    const { mayEditTopics, mayWarnHotspot } = await import('./nav.js')
    for (const role of ['leader', 'supervisor', 'dispatcher', 'admin']) expect(canOpen(role, 'hotspots')).toBe(true)
    for (const role of ['agent', 'deputy', 'handler', 'callback']) expect(canOpen(role, 'hotspots')).toBe(false)
    expect(mayWarnHotspot('supervisor')).toBe(true)
    expect(mayWarnHotspot('leader')).toBe(false)
    expect(mayEditTopics('leader')).toBe(true)
    expect(mayEditTopics('dispatcher')).toBe(false)
  })
})
