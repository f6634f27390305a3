// Messages the server itself speaks (problem titles and details), in Chinese and English.
// The language follows Accept-Language; Chinese is the default.
export type Lang = 'zh' | 'en';

export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh';
  const prefs = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((p) => p.tag)
    .sort((a, b) => b.q - a.q);
  for (const p of prefs) {
    if (p.tag.startsWith('zh')) return 'zh';
    if (p.tag.startsWith('en')) return 'en';
  }
  return 'zh';
}

type Msg = { zh: string; en: string };

// code → title, and optional detail template with {param} placeholders.
export const PROBLEMS: Record<string, { status: number; title: Msg; detail?: Msg }> = {
  'validation-failed': {
    status: 400,
    title: { zh: '请求内容有误', en: 'The request is not valid' },
    detail: { zh: '请检查标出的字段。', en: 'Check the fields listed.' },
  },
  'malformed-json': {
    status: 400,
    title: { zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
    detail: { zh: 'JSON 解析失败：{reason}', en: 'The JSON could not be parsed: {reason}' },
  },
  'unsupported-media-type': {
    status: 415,
    title: { zh: '不支持的内容类型', en: 'Unsupported media type' },
    detail: { zh: '不接受内容类型 {contentType}。', en: 'Content type {contentType} is not accepted here.' },
  },
  // issue 15, defect 12: resource photos
  'photo-type-refused': {
    status: 415,
    title: { zh: '不支持的图片', en: 'Unsupported image' },
    detail: {
      zh: '只接受 JPEG、PNG 或 WebP 图片（按文件内容判断，不看文件名和声明的类型）：{reason}。',
      en: 'Only JPEG, PNG or WebP images are accepted (judged by the content, not the file name or declared type): {reason}.',
    },
  },
  'too-many-messages': {
    status: 429,
    title: { zh: '留言过于频繁', en: 'Too many messages' },
    detail: { zh: '发送的留言过多，请 {seconds} 秒后再试。', en: 'You have sent too many messages; try again in {seconds} seconds.' },
  },
  'body-too-large': {
    status: 413,
    title: { zh: '请求体过大', en: 'The request body is too large' },
    detail: { zh: '请求体不得超过 {limit}。', en: 'The request body may not exceed {limit}.' },
  },
  'unreadable-file': {
    status: 400,
    title: { zh: '无法读取上传的文件', en: 'The uploaded file cannot be read' },
    detail: { zh: '{reason}', en: '{reason}' },
  },
  unauthenticated: {
    status: 401,
    title: { zh: '需要登录', en: 'Sign-in required' },
    detail: { zh: '请先登录，或提供有效的 API 令牌。', en: 'Sign in, or send a valid API token.' },
  },
  'invalid-credentials': {
    status: 401,
    title: { zh: '用户名或密码错误', en: 'Wrong username or password' },
    detail: { zh: '{reason}', en: '{reason}' },
  },
  'account-locked': {
    status: 423,
    title: { zh: '账号已被临时锁定', en: 'The account is locked for now' },
    detail: {
      zh: '登录失败次数过多，账号已被临时锁定，请于北京时间 {until}（约 {minutes} 分钟后）再试。',
      en: 'Too many failed sign-ins: the account is locked; try again after {until} Beijing time (in about {minutes} minutes).',
    },
  },
  'account-disabled': {
    status: 403,
    title: { zh: '账号已停用', en: 'The account is disabled' },
  },
  'account-now-locked': {
    status: 423,
    title: { zh: '密码错误，账号现已锁定', en: 'Wrong password: the account is now locked' },
    detail: {
      zh: '连续 {failed} 次登录失败，账号现已锁定，请于北京时间 {until}（约 {minutes} 分钟后）再试，或通过“忘记密码”重设密码。',
      en: '{failed} failed sign-ins in a row: the account is now locked until {until} Beijing time (in about {minutes} minutes). Try again then, or reset the password with “Forgot password”.',
    },
  },
  'account-pending': {
    status: 403,
    title: { zh: '账号正在等待审核', en: 'The account is awaiting approval' },
    detail: {
      zh: '机构注册申请正在等待{jurisdiction}管理员审核，审核通过后会以电子邮件通知您，届时即可登录。',
      en: 'The organisation’s registration is awaiting approval by the administrators of {jurisdiction}; you will be told by e-mail and can sign in once it is approved.',
    },
  },
  'too-many-requests': {
    status: 429,
    title: { zh: '请求过于频繁', en: 'Too many requests' },
    detail: { zh: '来自此地址的请求过多，请 {seconds} 秒后再试。', en: 'Too many requests from this address; try again in {seconds} seconds.' },
  },
  'link-invalid': {
    status: 404,
    title: { zh: '链接无效', en: 'The link is not valid' },
    detail: { zh: '此链接不存在或不完整，请核对邮件中的链接。', en: 'This link does not exist or is incomplete; check the link in the e-mail.' },
  },
  'link-expired': {
    status: 410,
    title: { zh: '链接已过期', en: 'The link has expired' },
    detail: { zh: '此链接已于北京时间 {at} 过期，{next}', en: 'This link expired at {at} Beijing time; {next}' },
  },
  'link-used': {
    status: 410,
    title: { zh: '链接已使用', en: 'The link has been used' },
    detail: { zh: '此链接只能使用一次，已于北京时间 {at} 使用过。{next}', en: 'This link works once and was used at {at} Beijing time. {next}' },
  },
  'link-revoked': {
    status: 410,
    title: { zh: '邀请已撤销', en: 'The invitation was revoked' },
    detail: { zh: '机构管理员已撤销此邀请，请联系其重新邀请。', en: 'The organisation’s admin revoked this invitation; ask them for a new one.' },
  },
  'too-many-attempts': {
    status: 429,
    title: { zh: '尝试过于频繁', en: 'Too many attempts' },
    detail: { zh: '来自此地址的登录失败次数过多，请 {seconds} 秒后再试。', en: 'Too many failed sign-ins from this address; try again in {seconds} seconds.' },
  },
  'csrf-failed': {
    status: 403,
    title: { zh: '缺少或错误的 CSRF 令牌', en: 'Missing or wrong CSRF token' },
    detail: {
      zh: '使用会话 Cookie 的写操作须在 X-CSRF-Token 头中携带登录时返回的令牌。',
      en: 'Writes authenticated by the session cookie must send the token from sign-in in the X-CSRF-Token header.',
    },
  },
  forbidden: {
    status: 403,
    title: { zh: '无权执行此操作', en: 'Not allowed' },
    detail: { zh: '{reason}', en: '{reason}' },
  },
  'not-found': {
    status: 404,
    title: { zh: '未找到', en: 'Not found' },
    detail: { zh: '{entity} {id} 不存在，或您无权查看。', en: '{entity} {id} does not exist, or you may not see it.' },
  },
  'route-not-found': {
    status: 404,
    title: { zh: '接口不存在', en: 'No such endpoint' },
    detail: { zh: '{method} {url} 不存在。', en: '{method} {url} does not exist.' },
  },
  conflict: {
    status: 409,
    title: { zh: '与现有数据冲突', en: 'Conflicts with existing data' },
    detail: { zh: '{reason}', en: '{reason}' },
  },
  'import-failed': {
    status: 422,
    title: { zh: '导入失败，未写入任何数据', en: 'Import failed; nothing was written' },
    detail: { zh: '{count} 行有错误，请按行修正后重新导入。', en: '{count} rows have errors; fix them and import again.' },
  },
  'booking-rule': {
    status: 422,
    title: { zh: '预约不符合规则', en: 'The booking breaks a rule' },
    detail: { zh: '{reason}', en: '{reason}' },
  },
  'booking-conflict': {
    status: 409,
    title: { zh: '时段已被占用', en: 'The time is already taken' },
    detail: { zh: '与已有预约冲突：{intervals}（北京时间）', en: 'Overlaps existing bookings: {intervals} (Beijing time)' },
  },
  'invalid-transition': {
    status: 409,
    title: { zh: '当前状态下不能执行此操作', en: 'Not possible in the current state' },
    detail: { zh: '预约状态为「{status}」，不能{action}。', en: 'The booking is {status}; it cannot be {action}.' },
  },
  'rule-violated': {
    status: 422,
    title: { zh: '不符合业务规则', en: 'A business rule is not met' },
    detail: { zh: '{reason}', en: '{reason}' },
  },
  'integrity-record': {
    status: 403,
    title: { zh: '存在有效的科研失信记录', en: 'An active research-integrity record bars this' },
    detail: {
      zh: '{subject} 有有效的科研失信记录（编号 {id}，{unit} 作出，有效期至 {until}），在长三角四地均不能办理此事项。',
      en: '{subject} has an active research-integrity record (no. {id}, decided by {unit}, in force through {until}); it bars this in all four jurisdictions.',
    },
  },
  'idempotency-key-reused': {
    status: 422,
    title: { zh: '幂等键已用于另一请求', en: 'The Idempotency-Key was used for a different request' },
    detail: { zh: '同一幂等键只能用于内容相同的请求。', en: 'An Idempotency-Key may only be repeated with the same request.' },
  },
  'not-ready': {
    status: 503,
    title: { zh: '服务尚未就绪', en: 'Service not ready' },
  },
  internal: {
    status: 500,
    title: { zh: '服务器内部错误', en: 'Internal server error' },
    detail: { zh: '请求未能完成，已记录错误编号 {requestId}。', en: 'The request could not be completed; error reference {requestId}.' },
  },
};

/** Field-level messages for validation problems raised by services (not by the schema). */
export const FIELD_MESSAGES: Record<string, Msg> = {
  required: { zh: '必填', en: 'is required' },
  'uscc-length': { zh: '统一社会信用代码应为 18 位', en: 'a Unified Social Credit Code has 18 characters' },
  'uscc-charset': {
    zh: '统一社会信用代码只能含数字和除 I、O、S、V、Z 外的大写字母',
    en: 'a Unified Social Credit Code uses digits and capital letters except I, O, S, V and Z',
  },
  'uscc-check': {
    zh: '统一社会信用代码校验位错误（GB 32100-2015），请核对',
    en: 'the check character is wrong (GB 32100-2015); check the code',
  },
  'uscc-taken': { zh: '该统一社会信用代码已被其他机构使用', en: 'another organisation already has this code' },
  'username-taken': { zh: '用户名已被使用', en: 'this username is taken' },
  'phone-invalid': { zh: '电话号码应为 5–20 位数字，可含 +、-、空格', en: 'a phone number has 5–20 digits, optionally with +, - and spaces' },
  'email-invalid': { zh: '电子邮箱格式不正确', en: 'not a valid e-mail address' },
  'username-invalid': {
    zh: '用户名为 3–64 位小写字母、数字、点、下划线或连字符，以字母或数字开头',
    en: '3–64 small letters, digits, dots, underscores or hyphens, starting with a letter or digit',
  },
  'type-not-registrable': {
    zh: '政府部门不能自行注册，请联系辖区管理员',
    en: 'government departments cannot register themselves; ask the jurisdiction’s admins',
  },
  'password-too-short': { zh: '密码至少 {min} 位', en: 'at least {min} characters' },
  'password-too-simple': {
    zh: '密码须包含大写字母、小写字母、数字、符号中的至少三类',
    en: 'use at least three of: capital letters, small letters, digits, symbols',
  },
  'password-contains-username': { zh: '密码不能包含用户名', en: 'must not contain the username' },
  'tier-only-enterprise': { zh: '只有企业有梯度（科技型中小企业等）', en: 'only enterprises have a tier' },
  'tier-invalid': { zh: '企业梯度无效', en: 'not a known enterprise tier' },
  'jurisdiction-invalid': { zh: '不是长三角三省一市之一', en: 'not one of the four jurisdictions' },
  'jurisdiction-forbidden': { zh: '只能管理本辖区的数据', en: 'you may only manage your own jurisdiction' },
  'organization-invalid': { zh: '机构不存在', en: 'no such organisation' },
  'type-invalid': { zh: '机构类型无效', en: 'not a known organisation type' },
  'role-invalid': { zh: '角色无效', en: 'not a known role' },
  'role-forbidden': { zh: '您不能授予此角色', en: 'you may not grant this role' },
  'role-needs-department': {
    zh: '辖区管理员必须属于本辖区的政府部门机构',
    en: 'a jurisdiction admin must belong to a government department of that jurisdiction',
  },
  'department-invalid': { zh: '部门不存在或不属于该辖区', en: 'no such department in that jurisdiction' },
  'date-invalid': { zh: '日期格式应为 YYYY-MM-DD', en: 'use the form YYYY-MM-DD' },
  'formula-not-accepted': {
    zh: '单元格是公式，请改为直接填写的值（复制后“粘贴为数值”）',
    en: 'the cell is a formula; type the value instead (copy, then paste as values)',
  },
  'value-invalid': { zh: '取值无效', en: 'not a valid value' },
  'image-too-large': { zh: '图片尺寸过大（至多 {max} 像素）', en: 'the image is too large (at most {max} pixels)' },
  'resource-not-bookable': { zh: '数据集和种质资源按申请使用，不设服务方式', en: 'data sets and germplasm are requested, not booked: no service modes' },
  'opening-hours-invalid': { zh: '开放时间有误：{problems}', en: 'opening hours are wrong: {problems}' },
  'manager-invalid': { zh: '管理员必须是所属机构的在职用户', en: 'the manager must be an active user of the owner organisation' },
  'range-too-long': { zh: '时间范围最长 {days} 天', en: 'the range may span at most {days} days' },
  'user-invalid': { zh: '用户不存在或已停用', en: 'no such active user' },
  'date-in-past': { zh: '日期已过', en: 'the date is in the past' },
  'duplicate-in-file': { zh: '与文件中第 {row} 行重复', en: 'duplicates row {row} of the file' },
  'patent-format': {
    zh: '专利申请号格式应为 12 位数字加校验位，如 201910123456.7',
    en: 'a CN application number has 12 digits and a check character, e.g. 201910123456.7',
  },
  'patent-check-digit': { zh: '专利申请号校验位错误，请核对', en: 'the check character of the application number is wrong' },
  'patent-type': { zh: '申请号第 5 位不是已知的专利类型', en: 'the type digit of the application number is not a known patent type' },
  'patent-type-mismatch': {
    zh: '申请号表示的专利类型与所选类型（{expected}）不一致',
    en: 'the application number is of another patent type than the one chosen ({expected})',
  },
  'ipc-invalid': { zh: 'IPC 分类号格式应如 G06F 16/33 或 H01M', en: 'an IPC symbol looks like G06F 16/33 or H01M' },
  'shares-over-total': { zh: '发明人份额合计不得超过 100%', en: 'the inventors’ shares add up to more than 100 %' },
  'not-a-patent': { zh: '只有专利类成果有申请号', en: 'only patents have an application number' },
  'royalty-range': { zh: '提成比例应大于 0 且不超过 {max}%', en: 'the royalty must be above 0 and at most {max} %' },
  'external-id-repeated': { zh: '同一批次中外部编号重复（第 {row} 行）', en: 'repeats the external id of row {row}' },
  'nul-character': { zh: '不能包含 NUL 字符（U+0000）', en: 'must not contain the NUL character (U+0000)' },
  'sort-invalid': { zh: '排序字段应为 {allowed} 之一', en: 'must be one of {allowed}' },
  'date-out-of-policy': { zh: '日期应在 1900–2199 年之间', en: 'must be a date between 1900 and 2199' },
  'date-in-future': { zh: '日期不能晚于今天', en: 'may not be later than today' },
  'current-password-wrong': { zh: '当前密码不正确', en: 'the current password is wrong' },
  'import-jurisdiction': { zh: '只能导入本辖区（{allowed}）的挂牌信息', en: 'you may import listings of your own jurisdiction only ({allowed})' },
  'owner-link-not-accepted': {
    zh: '不能关联该机构：您不是其管理员，该机构也未同意关联来源 {source} 的挂牌信息',
    en: 'cannot link this organisation: you do not administer it and it has not accepted links from source {source}',
  },
};

export function interpolate(template: string, params: Record<string, unknown> | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, k) => (params[k] === undefined ? m : String(params[k])));
}

export function fieldMessage(code: string, lang: Lang, params?: Record<string, unknown>): string {
  const m = FIELD_MESSAGES[code];
  if (!m) return code;
  const text = interpolate(m[lang], params);
  // A refusal that knows the allowed values lists them, whatever its message.
  if (params?.allowed !== undefined && !m[lang].includes('{allowed}'))
    return text + (lang === 'zh' ? `，可选：${params.allowed}` : `; allowed: ${params.allowed}`);
  return text;
}
