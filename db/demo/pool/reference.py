"""Jiangmen's divisions, a plausible set of municipal departments, and how its congress sessions are named."""

DIVISIONS = ("市本级", "蓬江区", "江海区", "新会区", "台山市", "开平市", "鹤山市", "恩平市")

# (code, name). Codes are short pinyin initials; they name the department's staff account.
DEPARTMENTS = (
    ("fgj", "市发展和改革局"),
    ("jyj", "市教育局"),
    ("kjj", "市科学技术局"),
    ("gxj", "市工业和信息化局"),
    ("gaj", "市公安局"),
    ("mzj", "市民政局"),
    ("czj", "市财政局"),
    ("rsj", "市人力资源和社会保障局"),
    ("zrj", "市自然资源局"),
    ("sthj", "市生态环境局"),
    ("zjj", "市住房和城乡建设局"),
    ("jtj", "市交通运输局"),
    ("slj", "市水利局"),
    ("nyj", "市农业农村局"),
    ("swj", "市商务局"),
    ("wgl", "市文化广电旅游体育局"),
    ("wjj", "市卫生健康局"),
    ("tyj", "市退役军人事务局"),
    ("yjj", "市应急管理局"),
    ("scj", "市市场监督管理局"),
    ("ybj", "市医疗保障局"),
    ("cgj", "市城市管理和综合执法局"),
    ("zsj", "市政务服务数据管理局"),
    ("qwj", "市外事侨务局"),
    ("fnl", "市妇女联合会"),
    ("gqt", "共青团江门市委员会"),
)

# Departments that lead livelihood projects in the demo years; each gets a staff account.
LEAD_DEPARTMENT_CODES = (
    "ybj",
    "jyj",
    "rsj",
    "mzj",
    "scj",
    "jtj",
    "wjj",
    "zjj",
    "cgj",
    "sthj",
    "wgl",
    "yjj",
)

# 江门: the 16th congress met first in 2021 (so 2024 was its 4th session), five sessions a term.
FIRST_SESSION_YEAR, FIRST_TERM, SESSIONS_A_TERM = 2021, 16, 5
SESSION_NAME = "市{term}届人大{sitting}次会议"
CHINESE_NUMERALS = "零一二三四五六七八九十"
CITY_LEVEL = DIVISIONS[0]  # 市本级: the city's own departments, in no district

# How the demo's texts list and quote things.
LIST_SEPARATOR = "、"
QUOTED = "“{title}”"
QUOTATION_MARKS = '“”"'  # a title holding any of these is not quoted again
