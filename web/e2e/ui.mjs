// Small helpers for driving Element Plus widgets the way a person does:
// clicking a select and choosing an option by its text, logging in through
// the login page, waiting for a notice.

export async function login(page, url, username, password) {
  await page.goto(`${url}/login`)
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', password)
  await page.click('[data-test=login]')
  await page.waitForSelector('[data-test=who]')
}

export async function logout(page) {
  await page.click('[data-test=logout]')
  await page.waitForSelector('[data-test=login]')
}

// Opens the select inside `container` and picks the visible option `text`;
// `search` is typed first for filterable selects.
export async function choose(page, container, text, search) {
  const select = page.locator(`${container}.el-select, ${container} .el-select`).first()
  await select.click()
  if (search) await page.keyboard.type(search)
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

export async function chooseCascader(page, container, search, text) {
  await page.locator(`${container} input`).first().click()
  await page.keyboard.type(search)
  await page.locator('.el-cascader__suggestion-item:visible', { hasText: text }).first().click()
}

export async function expectText(locator, text, what) {
  const actual = (await locator.textContent()) || ''
  if (!actual.includes(text)) throw new Error(`${what}: expected "${text}", got "${actual.trim()}"`)
}
