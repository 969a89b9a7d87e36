import { describe, expect, it } from 'vitest'
import { unitTree } from './unitTree.js'

const units = [
  { id: 1, name: '热线平台', code: '320104000', kind: 'platform', parent_id: null },
  { id: 2, name: '区市场监管局', code: '320104D01', kind: 'department', parent_id: 1 },
  { id: 30, name: '夫子庙街道', code: '320104002', kind: 'street', parent_id: 1 },
  { id: 41, name: '龙门街社区', code: '320104002001', kind: 'community', parent_id: 30 },
  { id: 42, name: '贡院社区', code: '320104002002', kind: 'community', parent_id: 30 },
]

describe('the unit tree', () => {
  it('groups departments and streets, communities under their street, no platform', () => {
    const tree = unitTree(units)
    expect(tree.map((g) => g.name)).toEqual(['职能部门', '街道'])
    expect(tree[0].children.map((d) => d.id)).toEqual([2])
    expect(tree[1].children[0].name).toBe('夫子庙街道')
    expect(tree[1].children[0].children.map((c) => c.id)).toEqual([41, 42])
    expect(tree.every((g) => g.disabled)).toBe(true)
    expect(JSON.stringify(tree)).not.toContain('热线平台')
  })

  it('keeps streets visible but not pickable when only communities may be picked', () => {
    const tree = unitTree(units, ['community'])
    expect(tree.map((g) => g.name)).toEqual(['街道'])
    expect(tree[0].children[0].disabled).toBe(true)
    expect(tree[0].children[0].children.every((c) => !c.disabled)).toBe(true)
  })

  it('offers only departments when asked for departments', () => {
    const tree = unitTree(units, ['department'])
    expect(tree.map((g) => g.name)).toEqual(['职能部门'])
  })
})
