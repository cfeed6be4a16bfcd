"""Every text shown to people: key -> (简体中文, English). Chinese first: it is the default."""

CATALOGUE: dict[str, tuple[str, str]] = {
    # Application
    "app.name": ("民生实事", "Livelihood Projects"),
    "app.demo_banner": (
        "演示模式：当前数据均为虚构的演示数据，仅供体验。",
        "Demo mode: all data shown is invented demo data.",
    ),
    "startup.cookie_key_missing": (
        "系统未启动：未配置登录凭证签名密钥。请在环境变量 MINSHENG_COOKIE_KEY 或 .streamlit/secrets.toml 的 cookie_key 中设置至少 32 位的随机密钥。",
        "Not started: no cookie signing key. Set a random key of at least 32 characters in MINSHENG_COOKIE_KEY or cookie_key in .streamlit/secrets.toml.",
    ),
    "startup.cookie_key_weak": (
        "系统未启动：登录凭证签名密钥是演示密钥或少于 32 位，任何人都可能伪造登录。请更换为随机密钥。",
        "Not started: the cookie signing key is the demo key or shorter than 32 characters, so sign-ins could be forged. Set a random key.",
    ),
    # Roles
    "role.leader": ("领导", "Leader"),
    "role.deputy": ("人大代表", "Deputy"),
    "role.staff": ("工作人员", "Staff"),
    "role.admin": ("系统管理员", "Administrator"),
    # Menu
    "menu.home": ("首页", "Home"),
    "menu.accounts": ("账号管理", "Accounts"),
    "menu.deputies": ("代表名册", "Deputy roster"),
    "menu.reference_data": ("基础数据", "Reference data"),
    "menu.audit_log": ("操作日志", "Audit log"),
    "menu.my_account": ("我的账号", "My account"),
    # Sign-in
    "auth.title": ("登录", "Sign in"),
    "auth.username": ("用户名", "Username"),
    "auth.password": ("密码", "Password"),
    "auth.sign_in": ("登录", "Sign in"),
    "auth.sign_out": ("退出登录", "Sign out"),
    "auth.wrong_credentials": (
        "用户名或密码错误。连续输错 5 次将锁定账号 15 分钟。",
        "Wrong username or password. Five wrong attempts in a row lock the account for 15 minutes.",
    ),
    "auth.locked": (
        "密码错误次数过多，账号已锁定，请 {minutes} 分钟后再试，或联系系统管理员解锁。",
        "Too many wrong passwords: the account is locked. Try again in {minutes} minutes, or ask an administrator to unlock it.",
    ),
    "auth.inactive": (
        "该账号已停用，请联系系统管理员。",
        "This account is deactivated. Please contact the administrator.",
    ),
    "auth.session_ended": (
        "登录已失效（已在别处退出、密码已更改或账号已停用），请重新登录。",
        "Your sign-in has ended (signed out elsewhere, password changed or account deactivated). Please sign in again.",
    ),
    "auth.signed_out": ("您已安全退出。", "You have signed out."),
    "guard.forbidden": ("您的角色无权访问此页面。", "Your role may not open this page."),
    # Home
    "home.title": ("民生实事工作平台", "Livelihood projects workspace"),
    "home.greeting": ("您好，{name}（{role}）。", "Hello, {name} ({role})."),
    "home.this_year": (
        "{year} 年 · {session} · 票决产生 {places} 件民生实事",
        "{year} · {session} · {places} livelihood projects to be chosen by vote",
    ),
    "home.your_pages": ("可以使用的功能", "What you can open"),
    "home.motto": (
        "年初问计划、年中问进度、年终问结果、翌年回头看。",
        "Plans at the start of the year, progress mid-year, results at year end, a look back the year after.",
    ),
    # Generic input problems
    "input.required": ("必填项不能为空。", "This field is required."),
    "input.too_long": ("内容过长。", "The text is too long."),
    "input.duplicate": ("“{value}”已存在。", "“{value}” already exists."),
    "error.forbidden": (
        "您的角色无权进行此操作，未作任何更改。",
        "Your role may not do this; nothing was changed.",
    ),
    "error.not_found": (
        "找不到该记录，可能已被他人更改。",
        "The record was not found; someone may have changed it.",
    ),
    # Accounts
    "account.username": ("用户名", "Username"),
    "account.username_help": (
        "3–32 位小写字母、数字或下划线，以字母开头。",
        "3–32 lower-case letters, digits or underscores, starting with a letter.",
    ),
    "account.display_name": ("姓名 / 显示名称", "Display name"),
    "account.role": ("角色", "Role"),
    "account.department": ("所属部门", "Department"),
    "account.department_help": (
        "仅工作人员：选择部门即为部门联络员（只能填报本部门项目）；不选则为人大办公室工作人员。",
        "Staff only: with a department, a department liaison (reports on its own projects only); without, congress office staff.",
    ),
    "account.no_department": ("（无）", "(none)"),
    "account.deputy": ("关联代表", "Linked deputy"),
    "account.deputy_help": (
        "人大代表角色必须关联名册中的一位代表。",
        "A deputy account must be linked to a deputy of the roster.",
    ),
    "account.no_deputy": ("（无）", "(none)"),
    "account.active": ("启用", "Active"),
    "account.locked": ("已锁定", "Locked"),
    "account.initial_password": ("初始密码", "Initial password"),
    "account.password_help": ("至少 8 位。", "At least 8 characters."),
    "account.username_invalid": (
        "用户名格式不正确：需 3–32 位小写字母、数字或下划线，以字母开头。",
        "Invalid username: 3–32 lower-case letters, digits or underscores, starting with a letter.",
    ),
    "account.username_taken": (
        "用户名“{username}”已被使用。",
        "The username “{username}” is taken.",
    ),
    "account.password_too_short": (
        "密码太短：至少需要 8 位。",
        "The password is too short: at least 8 characters.",
    ),
    "account.password_too_long": (
        "密码太长：最多 72 个字节。",
        "The password is too long: at most 72 bytes.",
    ),
    "account.password_too_simple": (
        "密码过于简单：请至少使用 3 种不同字符。",
        "The password is too simple: use at least 3 different characters.",
    ),
    "account.password_unchanged": (
        "新密码不能与原密码相同。",
        "The new password must differ from the old one.",
    ),
    "account.passwords_differ": ("两次输入的新密码不一致。", "The two new passwords differ."),
    "account.old_password_wrong": ("原密码不正确。", "The current password is wrong."),
    "account.role_unknown": ("未知角色。", "Unknown role."),
    "account.department_only_for_staff": (
        "只有工作人员可以设置所属部门。",
        "Only staff accounts have a department.",
    ),
    "account.department_unknown": (
        "部门不存在或已停用。",
        "The department does not exist or is inactive.",
    ),
    "account.deputy_required": (
        "人大代表账号必须关联一位代表。",
        "A deputy account must be linked to a deputy.",
    ),
    "account.deputy_only_for_deputies": (
        "只有人大代表账号可以关联代表。",
        "Only deputy accounts are linked to a deputy.",
    ),
    "account.deputy_unknown": ("名册中没有这位代表。", "That deputy is not in the roster."),
    "account.deputy_taken": (
        "这位代表已关联到另一个账号。",
        "That deputy is already linked to another account.",
    ),
    "account.cannot_demote_self": (
        "不能更改自己的角色，请由另一位管理员操作。",
        "You cannot change your own role; ask another administrator.",
    ),
    "account.cannot_deactivate_self": (
        "不能停用自己的账号。",
        "You cannot deactivate your own account.",
    ),
    "accounts.create": ("新建账号", "New account"),
    "accounts.created": ("账号已创建。", "Account created."),
    "accounts.edit": ("修改账号", "Edit an account"),
    "accounts.choose": ("选择账号", "Choose an account"),
    "accounts.save": ("保存", "Save"),
    "accounts.saved": ("账号已保存。", "Account saved."),
    "accounts.new_password": ("新密码", "New password"),
    "accounts.reset_password": ("重置密码", "Reset password"),
    "accounts.password_reset": (
        "密码已重置，该账号原有登录均已失效。",
        "Password reset; every earlier sign-in of the account has ended.",
    ),
    "accounts.deactivate": ("停用账号", "Deactivate"),
    "accounts.deactivated": (
        "账号已停用，其登录均已失效。",
        "Account deactivated; its sign-ins have ended.",
    ),
    "accounts.reactivate": ("重新启用", "Reactivate"),
    "accounts.reactivated": ("账号已重新启用。", "Account reactivated."),
    "accounts.unlock": ("解除锁定", "Unlock"),
    "accounts.unlocked": ("账号已解锁。", "Account unlocked."),
    # My account
    "my_account.change_password": ("修改密码", "Change password"),
    "my_account.old_password": ("原密码", "Current password"),
    "my_account.new_password": ("新密码", "New password"),
    "my_account.repeat_password": ("再次输入新密码", "New password again"),
    "my_account.change": ("修改密码", "Change password"),
    "my_account.changed": (
        "密码已修改，所有设备上的登录均已失效，请用新密码重新登录。",
        "Password changed; you are signed out on every device. Sign in with the new password.",
    ),
    # Deputies
    "deputy.code": ("编号", "Code"),
    "deputy.name": ("姓名", "Name"),
    "deputy.delegation": ("代表团", "Delegation"),
    "deputy.standing_committee": ("常委会组成人员", "Standing Committee"),
    "deputy.active": ("在任", "Serving"),
    "deputies.filter_delegation": ("按代表团筛选", "Filter by delegation"),
    "deputies.count": (
        "显示 {shown} / 共 {total} 位代表，其中常委会组成人员 {committee} 位。",
        "Showing {shown} of {total} deputies; {committee} Standing Committee members.",
    ),
    "deputies.import": ("导入名册", "Import the roster"),
    "deputies.import_help": (
        "上传 Excel（.xlsx）或 CSV 文件，表头为：编号、姓名、代表团、常委会组成人员（是/否）、在任（是/否）。按编号新增或更新；有任何一行错误则整个文件不导入，并列出所有错误行。可先下载现有名册，修改后再上传。",
        "Upload an Excel (.xlsx) or CSV file with the headers 编号, 姓名, 代表团, 常委会组成人员 (是/否), 在任 (是/否) (English headers code, name, delegation, standing_committee, active also work). Deputies are added or updated by code; any bad row refuses the whole file, listing every bad row. Download the current roster, edit it and upload it again.",
    ),
    "deputies.download": ("下载现有名册（Excel）", "Download the roster (Excel)"),
    "deputies.upload": ("选择名册文件", "Choose a roster file"),
    "deputies.apply_import": ("导入", "Import"),
    "deputies.imported": (
        "名册已导入：新增 {created} 位，更新 {updated} 位，未变 {unchanged} 位。",
        "Roster imported: {created} added, {updated} updated, {unchanged} unchanged.",
    ),
    # Imports
    "import.refused": (
        "文件未导入：共有 {count} 处错误，请修改后重新上传。",
        "The file was not imported: {count} problems. Fix them and upload again.",
    ),
    "import.col_line": ("行号", "Line"),
    "import.col_column": ("列", "Column"),
    "import.col_reason": ("原因", "Reason"),
    "import.file_type": ("只接受 .xlsx 或 .csv 文件。", "Only .xlsx or .csv files are accepted."),
    "import.unreadable": ("文件无法读取：{detail}", "The file cannot be read: {detail}"),
    "import.encoding": (
        "无法识别文件编码，请另存为 UTF-8 或 Excel 格式。",
        "Unknown text encoding; save as UTF-8 or Excel.",
    ),
    "import.too_many_rows": ("行数过多：最多 {max} 行。", "Too many rows: at most {max}."),
    "import.empty": ("文件中没有数据行。", "The file has no data rows."),
    "import.column_missing": ("缺少此列。", "This column is missing."),
    "import.duplicate_in_file": ("编号与第 {line} 行重复。", "Same code as line {line}."),
    "import.unknown_delegation": ("没有名为“{value}”的代表团。", "No delegation named “{value}”."),
    "import.yes_no": ("“{value}”应为“是”或“否”。", "“{value}” should be 是 (yes) or 否 (no)."),
    # Reference data
    "reference.divisions": ("行政区划 / 代表团", "Divisions / delegations"),
    "reference.departments": ("部门", "Departments"),
    "reference.years": ("年度", "Years"),
    "reference.name": ("名称", "Name"),
    "reference.code": ("简码", "Code"),
    "reference.code_help": (
        "2–16 位小写字母或数字，以字母开头；用于部门账号名 dept_简码。",
        "2–16 lower-case letters or digits, starting with a letter; names the department account dept_<code>.",
    ),
    "reference.sort_order": ("排序", "Order"),
    "reference.active": ("启用", "Active"),
    "reference.edit_or_new": ("修改或新增", "Edit or add"),
    "reference.new": ("＋ 新增", "+ New"),
    "reference.save": ("保存", "Save"),
    "reference.saved": ("已保存。", "Saved."),
    "reference.year": ("年度", "Year"),
    "reference.session_name": ("会议名称", "Session"),
    "reference.places": ("民生实事件数", "Places"),
    "department.code_invalid": (
        "简码格式不正确：2–16 位小写字母或数字，以字母开头。",
        "Invalid code: 2–16 lower-case letters or digits, starting with a letter.",
    ),
    # Audit log
    "audit.person": ("操作人", "Person"),
    "audit.entity": ("对象类型", "Entity"),
    "audit.all": ("全部", "All"),
    "audit.since": ("起始日期", "From"),
    "audit.until": ("截止日期", "Until"),
    "audit.count": (
        "显示 {count} 条（最新的至多 {limit} 条）。",
        "{count} entries shown (the newest {limit} at most).",
    ),
    "audit.at": ("时间", "Time"),
    "audit.action": ("操作", "Action"),
    "audit.entity_id": ("对象编号", "Id"),
    "audit.before": ("修改前", "Before"),
    "audit.after": ("修改后", "After"),
}
