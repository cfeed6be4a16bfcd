"""The demo's people: who signs in with what, and the parts invented deputies' names are made of."""

# One password for every demo account, printed on the sign-in page of a demo.
DEMO_PASSWORD = "demo2024"
# The deputy a demo visitor signs in as: every area gives them something of their own to find.
DEMO_DEPUTY = "d001"
# (username, display name, role) of the accounts that are no deputy and no department.
OFFICE_ACCOUNTS = (
    ("admin", "系统管理员", "admin"),
    ("office", "人大常委会办公室", "staff"),
    ("leader", "常委会领导", "leader"),
)

SURNAMES = "陈李黄梁张林吴何刘谭周赵邓冯伍余关甄区朱许郑罗胡叶苏钟卢杨"
COMPOUND_SURNAMES = ("司徒", "欧阳", "上官")
GIVEN = (
    "志伟建华国强丽娟秀英敏慧海燕家明永康嘉欣子豪晓东文静振宇少芳锦荣美玲颖思"
    "俊杰婉婷浩然淑贞德明雅琪宏亮惠玲春生桂芳伟雄碧霞卓凡"
)
