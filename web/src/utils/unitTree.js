// The unit tree as the dispatch forms show it: two top groups, 职能部门 and
// 街道, with each street's communities below it. Units whose kind is not in
// `kinds` stay in the tree (a street holds its communities) but cannot be
// picked; groups themselves are never picked.

const GROUP_IDS = { department: -1, street: -2 }

export function unitTree(units, kinds = ['department', 'street', 'community']) {
  const node = (u) => ({ id: u.id, name: u.name, code: u.code, kind: u.kind, disabled: !kinds.includes(u.kind), children: [] })
  const byParent = new Map()
  for (const u of units) {
    if (!byParent.has(u.parent_id)) byParent.set(u.parent_id, [])
    byParent.get(u.parent_id).push(u)
  }
  const departments = units.filter((u) => u.kind === 'department').map(node)
  const streets = units
    .filter((u) => u.kind === 'street')
    .map((s) => {
      const n = node(s)
      n.children = (byParent.get(s.id) || []).filter((c) => c.kind === 'community').map(node)
      return n
    })
    .filter((s) => !s.disabled || s.children.some((c) => !c.disabled))
  const groups = []
  if (departments.some((d) => !d.disabled))
    groups.push({ id: GROUP_IDS.department, name: '职能部门', disabled: true, children: departments.filter((d) => !d.disabled) })
  if (streets.length) groups.push({ id: GROUP_IDS.street, name: '街道', disabled: true, children: streets })
  return groups
}
