"""Texts of the shell: the application, sign-in, roles, the menu's headings, the home page,
and the refusals any form or uploaded table may give. Key -> (简体中文, English)."""

TEXTS: dict[str, tuple[str, str]] = {
    # Application
    "app.name": ("民生实事", "Livelihood Projects"),
    "app.database_unavailable": (
        "暂时无法连接数据库，请稍后刷新页面重试。已保存成功的内容不会丢失，未完成的操作不会生效。",
        "The database cannot be reached at the moment; refresh the page shortly. What was saved is kept; an action that did not finish has not taken effect.",
    ),
    "app.incident": (
        "系统出现意外错误，本次操作未完成，已保存的内容不受影响。请刷新页面重试；如仍出现，请将事件编号 {code} 告知系统管理员。",
        "Something unexpected went wrong: this action did not finish, and what was saved is kept. Refresh the page and try again; if it happens again, give the administrator the incident code {code}.",
    ),
    "app.incident_database": (
        "暂时无法连接数据库，本次操作未完成，已保存的内容不受影响。请稍后刷新页面重试。事件编号：{code}",
        "The database cannot be reached at the moment: this action did not finish, and what was saved is kept. Refresh the page shortly. Incident code: {code}",
    ),
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
    "menu_group.projects": ("十件民生实事", "The ten projects"),
    "menu_group.vote": ("项目票决", "The vote"),
    "menu_group.survey": ("满意度测评", "Satisfaction survey"),
    "menu_group.oversight": ("监督与整改", "Oversight and rectification"),
    "menu_group.micro": ("微实事 · 微心愿", "Micro items · wishes"),
    "menu_group.system": ("系统", "System"),
    # Sign-in
    "auth.title": ("民生实事 · 登录", "Livelihood Projects · Sign in"),
    "auth.username": ("用户名", "Username"),
    "auth.password": ("密码", "Password"),
    "auth.sign_in": ("登录", "Sign in"),
    "auth.sign_out": ("退出登录", "Sign out"),
    "auth.wrong_credentials": (
        "用户名或密码错误。多次输错后，需要等待一段时间才能再试。",
        "Wrong username or password. After several wrong attempts you must wait a while before trying again.",
    ),
    "auth.throttled": (
        "尝试次数过多，请 {seconds} 秒后再试；如忘记密码，请联系系统管理员。",
        "Too many attempts: try again in {seconds} seconds. If you forgot your password, ask the administrator.",
    ),
    "auth.signing_in": ("正在登录，请稍候…", "Signing in…"),
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
    "home.menu_hint": (
        "其他功能在左侧菜单中；手机上请点左上角的 » 打开菜单。",
        "Everything else is in the menu on the left; on a phone, tap » at the top left to open it.",
    ),
    "home.office_todo": ("待办事项", "To do"),
    "home.office_clear": ("目前没有待办事项。", "Nothing to do right now."),
    "home.motto": (
        "年初问计划、年中问进度、年终问结果、翌年回头看。",
        "Plans at the start of the year, progress mid-year, results at year end, a look back the year after.",
    ),
    # Generic input problems
    "input.required": ("必填项不能为空。", "This field is required."),
    "input.choose": ("请选择", "Choose"),
    "input.too_long": ("内容过长。", "The text is too long."),
    "input.duplicate": ("“{value}”已存在。", "“{value}” already exists."),
    "input.not_a_number": ("{what}应填写数字，“{value}”不是数字。", "{what} must be a number; “{value}” is not."),
    "input.number_not_finite": (
        "{what}须为具体的有限数值，“{value}”不是（如 inf、nan 或超出计算范围的数）。未作任何更改。",
        "{what} must be a finite number; “{value}” is not (such as inf, nan or a number beyond computation). Nothing was changed.",
    ),
    "input.number_out_of_range": (
        "{what}应在 {low} 至 {high} 之间，“{value}”超出了范围。未作任何更改。",
        "{what} must lie between {low} and {high}; “{value}” does not. Nothing was changed.",
    ),
    "input.number_not_whole": (
        "{what}应为整数，“{value}”不是整数。",
        "{what} must be a whole number; “{value}” is not.",
    ),
    # The quantities a number may be (db/core/bounds.py), as the messages above name them
    "quantity.money": ("金额（万元）", "The amount (10k yuan)"),
    "quantity.indicator": ("指标数值", "The indicator value"),
    "quantity.weight": ("权重", "The weight"),
    "quantity.micro_cost": ("投资金额（万元）", "The cost (10k yuan)"),
    "quantity.micro_fund": ("资金额度（万元）", "The fund (10k yuan)"),
    "quantity.wish_value": ("估计价值（元）", "The estimated value (yuan)"),
    "quantity.percent": ("百分比", "The percentage"),
    "quantity.tolerance": ("容差（百分点）", "The tolerance (points)"),
    "quantity.places": ("名额或序号", "The number of places"),
    "quantity.days": ("天数", "The number of days"),
    "quantity.year": ("年份", "The year"),
    "quantity.order": ("排序号", "The position"),
    "error.busy": (
        "系统正忙（其他人正在提交），本次操作未保存，请稍候再试。",
        "The system is busy (others are saving): nothing was saved. Please try again in a moment.",
    ),
    "error.forbidden": (
        "您的角色无权进行此操作，未作任何更改。",
        "Your role may not do this; nothing was changed.",
    ),
    "error.not_found": (
        "找不到该记录，可能已被他人更改。",
        "The record was not found; someone may have changed it.",
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
    "import.unreadable": (
        "文件无法读取：它不是完好的 Excel（.xlsx）或 CSV 文件。请用 Excel 另存后重新上传。",
        "The file cannot be read: it is not a sound Excel (.xlsx) or CSV file. Save it again from Excel and upload it.",
    ),
    "import.too_big": ("文件过大：最大 {max_mb} MB。", "The file is too large: at most {max_mb} MB."),
    "import.too_large_unpacked": (
        "文件解压后过大或结构异常，未读取。请只保留需要导入的工作表后重新上传。",
        "The file unpacks too large or is oddly built, so it was not read. Keep only the sheets to import and"
        " upload it again.",
    ),
    "import.too_many_columns": ("列数过多：最多 {max} 列。", "Too many columns: at most {max}."),
    "import.cell_too_long": (
        "有单元格内容过长：每格最多 {max} 个字符。",
        "A cell is too long: at most {max} characters each.",
    ),
    "import.too_slow": (
        "文件读取超时，未导入。请删去多余的行、列或工作表后重新上传。",
        "Reading the file took too long; nothing was imported. Remove extra rows, columns or sheets and upload"
        " it again.",
    ),
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
    "import.sheet_missing": ("缺少此工作表。", "This sheet is missing."),
    "import.xlsx_only": ("请上传 Excel（.xlsx）文件。", "Please upload an Excel (.xlsx) file."),
    "import.unknown_department": ("没有名为“{value}”的在用单位。", "No active department named “{value}”."),
    "app.chart_data": ("图表数据（文字版）", "The chart's data as text"),
    "app.chart_field_month": ("月份", "Month"),
    "app.chart_field_series": ("系列", "Series"),
    "app.chart_field_percent": ("百分比（%）", "Percent (%)"),
    "app.chart_field_group": ("类别", "Group"),
    "app.chart_field_spent": ("累计支出", "Spent to date"),
    "app.chart_field_candidate": ("候选项目", "Candidate"),
    "app.chart_field_votes": ("得票", "Votes"),
    "app.chart_field_outcome": ("结果", "Outcome"),
    "app.chart_field_project": ("项目", "Project"),
    "app.chart_field_level": ("评价", "Rating"),
    "app.chart_field_count": ("数量", "Count"),
    "app.chart_field_round": ("轮次", "Round"),
    "app.chart_field_rate": ("比率（%）", "Rate (%)"),
    "app.chart_field_state": ("状态", "State"),
    "app.chart_field_items": ("件数", "Items"),
    "app.chart_field_division": ("地区", "Division"),
    "app.chart_field_rating": ("评价", "Rating"),
    "app.chart_field_part": ("类别", "Part"),
    "app.chart_field_amount": ("金额", "Amount"),
    "app.chart_field_measure": ("指标", "Measure"),
    "app.chart_field_lagging": ("滞后", "Lagging"),
    "app.chart_yes": ("是", "Yes"),
    "app.chart_no": ("否", "No"),
}
