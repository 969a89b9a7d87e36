// Saving and opening files fetched with fetchBlob: a download under a
// given name, or a new tab (the printable report) opened before the fetch so
// that popup blockers let it through.

export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60000)
}

// Opens a blank tab now (inside the click) and returns a function that
// shows `blob` in it later, or saves it under `filename` when no tab could
// be opened; `close()` closes the tab after a failure.
export function pendingTab(filename) {
  const tab = window.open('', '_blank')
  return {
    show(blob) {
      if (!tab || tab.closed) return saveBlob(blob, filename)
      tab.location.href = URL.createObjectURL(blob)
    },
    close() {
      if (tab && !tab.closed) tab.close()
    },
  }
}

// "月报告_2026-11-01_2026-11-30.xlsx".
export function reportFileName(report, ext) {
  return `${report.kind_name || '报告'}_${report.from}_${report.to}.${ext}`
}
