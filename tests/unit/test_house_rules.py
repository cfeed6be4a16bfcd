"""Tests that keep the project honest about its own layering and page conventions."""

import ast
import sys
from pathlib import Path

import pytest

from components.shell import menu
from tests.unit.markdown_places import unsafe_markdown

PROJECT = Path(__file__).resolve().parents[2]
PAGE_FILES = sorted(p.relative_to(PROJECT).as_posix() for p in (PROJECT / "pages").glob("*.py"))


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", sorted((PROJECT / "db").rglob("*.py")), ids=lambda p: p.name)
def test_db_never_imports_streamlit(path):
    assert not any(name.split(".")[0] in {"streamlit", "components"} for name in imports_of(path))


PURE_CORE = [PROJECT / "db" / "core" / "vocabulary.py", PROJECT / "db" / "core" / "bounds.py"]  # rules may use them
RULE_MODULES = sorted({*(PROJECT / "db").rglob("*rules.py"), *PURE_CORE})


@pytest.mark.parametrize("path", RULE_MODULES, ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_rules_import_neither_streamlit_nor_sqlalchemy(path):
    roots = {name.split(".")[0] for name in imports_of(path)}
    assert not roots & {"streamlit", "sqlalchemy", "components"}
    assert not {
        name
        for name in imports_of(path)
        if name.startswith("db.") and not name.endswith(("rules", "vocabulary", "bounds"))
    }


def test_every_area_keeps_its_rules_apart():
    assert {p.parent.name for p in RULE_MODULES} >= {
        "core",
        "system",
        "projects",
        "vote",
        "survey",
        "oversight",
        "micro",
    }


@pytest.mark.parametrize("path", ["app.py", *PAGE_FILES])
def test_pages_hold_no_sql(path):
    imported = imports_of(PROJECT / path)
    assert not {name for name in imported if name.startswith("sqlalchemy")} - {"sqlalchemy.orm"}
    assert not {name for name in imported if name.endswith(".models") or name == "db.schema"}


def test_every_page_file_is_in_the_menu_registry_and_back():
    registered = {page.path for page in menu.PAGES}
    assert registered == {"app.py", *PAGE_FILES}


def test_every_page_link_goes_through_the_menu():
    """menu.link hands Streamlit a page object made once; a path given to st.page_link is resolved on every call."""
    direct = [
        f"{path.relative_to(PROJECT)}:{node.lineno}"
        for path in [PROJECT / "app.py", *(PROJECT / "pages").glob("*.py"), *(PROJECT / "components").rglob("*.py")]
        if path != PROJECT / "components" / "shell" / "menu.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr == "page_link"
    ]
    assert not direct, direct


@pytest.mark.parametrize("path", ["app.py", *PAGE_FILES])
def test_every_page_guards_itself_before_anything_else(path):
    """The first statement after imports and the docstring is `user = guard.require(__file__)`."""
    body = ast.parse((PROJECT / path).read_text(encoding="utf-8")).body
    first = next(
        node
        for node in body
        if not isinstance(node, ast.Import | ast.ImportFrom)
        and not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
    )
    assert ast.unparse(first) == "user = guard.require(__file__)"


# A read's department or deputy is a scope only the service may set from the person reading.
SCOPES = {"department_id", "deputy_id"}
# Functions whose department is the subject of public figures, not whose data may be read.
SUBJECT_NOT_SCOPE = {("db/survey/results.py", "department_trend")}


def scoped_reads_without_an_actor(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    filters = {
        node.name
        for node in tree.body
        if isinstance(node, ast.ClassDef)
        and any(isinstance(f, ast.AnnAssign) and ast.unparse(f.target) in SCOPES for f in node.body)
    }
    offenders = []
    for function in tree.body:
        if not isinstance(function, ast.FunctionDef) or function.name.startswith("_"):
            continue
        arguments = function.args.args + function.args.kwonlyargs
        annotations = {ast.unparse(a.annotation) for a in arguments if a.annotation}
        scoped = {a.arg for a in arguments} & SCOPES or annotations & filters
        if scoped and not any("Actor" in a for a in annotations):
            offenders.append(function.name)
    return offenders


SERVICES = sorted(
    p
    for p in (PROJECT / "db").rglob("*.py")
    if not {"migrations", "demo"} & set(p.parts) and not p.name.endswith(("rules.py", "models.py"))
)


@pytest.mark.parametrize("path", SERVICES, ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_a_service_reading_a_departments_or_a_persons_data_takes_the_actor_and_scopes_itself(path):
    where = path.relative_to(PROJECT).as_posix()
    offenders = [name for name in scoped_reads_without_an_actor(path) if (where, name) not in SUBJECT_NOT_SCOPE]
    assert offenders == []


INTERFACE_FILES = sorted(
    p.relative_to(PROJECT).as_posix()
    for p in [PROJECT / "app.py", *(PROJECT / "pages").glob("*.py"), *(PROJECT / "components").rglob("*.py")]
)
WRITES_IN_THE_INTERFACE = "components/shell/feedback.py"  # the one documented place
WRITES_IN_DB = ("db/core/session.py", "db/core/migrate.py", "db/__main__.py", "db/demo/")


def definitions_in(path: Path) -> list[str]:
    """Every function and class defined anywhere in the file, nested ones too (lambdas are expressions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    kinds = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
    return [f"line {node.lineno}: {node.name}" for node in ast.walk(tree) if isinstance(node, kinds)]


def write_transactions_in(path: Path) -> list[str]:
    """Where the file reaches for a write transaction: session_scope by any route, or a commit."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and any(alias.name == "session_scope" for alias in node.names):
            found.append(f"line {node.lineno}: imports session_scope")
        elif isinstance(node, ast.Name) and node.id == "session_scope":
            found.append(f"line {node.lineno}: uses session_scope")
        elif isinstance(node, ast.Attribute) and node.attr == "session_scope":
            found.append(f"line {node.lineno}: uses .session_scope")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "commit":
            found.append(f"line {node.lineno}: calls .commit()")
    return found


@pytest.mark.parametrize("path", ["app.py", *PAGE_FILES])
def test_pages_define_no_functions_or_classes(path):
    """A page reads like a description of its screen: helpers live in components/<area>/."""
    found = definitions_in(PROJECT / path)
    assert not found, f"{path} defines " + "; ".join(found)


@pytest.mark.parametrize("path", [p for p in INTERFACE_FILES if p != WRITES_IN_THE_INTERFACE])
def test_the_interface_writes_only_through_feedback(path):
    """Pages and components never open a write transaction: components/shell/feedback.py does."""
    found = write_transactions_in(PROJECT / path)
    assert not found, f"{path} " + "; ".join(found) + f" (write through {WRITES_IN_THE_INTERFACE})"


def test_feedback_is_where_the_interface_writes():
    assert write_transactions_in(PROJECT / WRITES_IN_THE_INTERFACE)  # else the rule above checks nothing


@pytest.mark.parametrize(
    "path",
    [
        p.relative_to(PROJECT).as_posix()
        for p in sorted((PROJECT / "db").rglob("*.py"))
        if not p.relative_to(PROJECT).as_posix().startswith(WRITES_IN_DB)
    ],
)
def test_db_services_take_the_session_and_never_commit(path):
    """session_scope() owns write transactions: a service neither opens one nor commits."""
    found = write_transactions_in(PROJECT / path)
    assert not found, f"{path} " + "; ".join(found)


def test_the_places_allowed_to_write_exist():
    """A moved or renamed file must move in the lists above too, or the rules check the wrong files."""
    assert all((PROJECT / place).exists() for place in (WRITES_IN_THE_INTERFACE, *WRITES_IN_DB))


@pytest.mark.parametrize("path", INTERFACE_FILES)
def test_peoples_text_never_reaches_markdown_unescaped(path):
    """Markdown places (bodies, alerts, labels, tooltips, options) get our own text or escaped text only.

    See tests/unit/markdown_places.py for what counts as our own; people's text is shown with
    components/shell/plain.py (plain.text, plain.md, plain.escape).
    """
    found = unsafe_markdown(PROJECT / path)
    assert not found, "\n".join(found) + "\n(show people's text with components/shell/plain.py)"


UNSAFE_SNIPPETS = [
    "st.markdown(f'**{item.title}**')",
    "st.write(wish.text)",
    "st.caption(t('wish.facts', resident=chosen.resident))",
    "st.sidebar.markdown(actor.display_name)",
    "left.info(message)",
    "st.expander(f'{item.title} · {state}')",
    "st.checkbox(label=candidate.title)",
    "st.radio(t('x'), ids, format_func=lambda i: titles[i])",
    "st.tabs([t('a'), project.title])",
    "st.image(content, caption=file.filename)",
    "st.button(t('go'), help=item.problem)",
    "st.page_link('pages/x.py', label=f'{p.number}. {p.title}')",
    "menu.link('pages/x.py', label=f'{p.number}. {p.title}')",
    "st.error(chr(10).join(messages))",
]
SAFE_SNIPPETS = [
    "st.markdown(t('home.motto'))",
    "st.caption(t('audit.count', count=len(rows)))",
    "st.warning(plain.md('micro.declined_because', reason=item.decline_reason))",
    "st.markdown(f'**{plain.escape(item.title)}** · {labels.state(item.state)}')",
    "st.metric(t('x'), f'{share:.1f}%')",
    "names = {s: label(State, s) for s in State}\nst.radio(t('x'), list(names), format_func=names.__getitem__)",
    "st.page_link('pages/x.py', label=f'{p.number:d}. {plain.escape(p.title)}')",
    "menu.link('pages/x.py', label=f'{p.number:d}. {plain.escape(p.title)}')",
    "feedback.write(change)",
    "plain.text(wish.text)",
    "st.dataframe(frame)",
]


@pytest.mark.parametrize("snippet", UNSAFE_SNIPPETS)
def test_the_markdown_rule_finds_peoples_text(snippet, tmp_path):
    page = tmp_path / "page.py"
    page.write_text(f"import streamlit as st\nfrom components.shell import feedback, menu, plain\n{snippet}\n")
    assert unsafe_markdown(page)


@pytest.mark.parametrize("snippet", SAFE_SNIPPETS)
def test_the_markdown_rule_lets_our_own_and_escaped_text_pass(snippet, tmp_path):
    page = tmp_path / "page.py"
    page.write_text(f"import streamlit as st\nfrom components.shell import feedback, menu, plain\n{snippet}\n")
    assert unsafe_markdown(page) == []


DOWNLOADS = "components/shell/download.py"  # the one export path: tables leave as tabular's .xlsx


@pytest.mark.parametrize("path", [p for p in INTERFACE_FILES if p != DOWNLOADS])
def test_every_download_leaves_through_the_one_export_path(path):
    tree = ast.parse((PROJECT / path).read_text(encoding="utf-8"))
    found = [
        f"line {node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in {"download_button", "to_csv", "to_excel"}
    ]
    assert not found, f"{path} offers a file itself at " + ", ".join(found) + f" (use {DOWNLOADS})"


CHART_MODULES = sorted(p.relative_to(PROJECT).as_posix() for p in (PROJECT / "components").rglob("*chart*.py"))


@pytest.mark.parametrize("path", CHART_MODULES)
def test_charts_draw_peoples_text_only_as_text(path):
    """Vega draws labels as text and Streamlit's tooltips escape HTML; a link or an image channel would
    make a title typed by someone a URL the reader's browser opens or loads."""
    source = (PROJECT / path).read_text(encoding="utf-8")
    assert not [word for word in ("href", "mark_image", "url=", "alt.Url", "image(") if word in source]


def test_the_chart_rule_checks_the_charts():
    assert len(CHART_MODULES) >= 3


def _draws_without_a_sentence(path: str) -> list[str]:
    tree = ast.parse((PROJECT / path).read_text(encoding="utf-8"))
    return [
        f"line {node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "draw"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "chart_view"
        and not any(keyword.arg == "summary" for keyword in node.keywords)
    ]


@pytest.mark.parametrize("path", INTERFACE_FILES)
def test_every_chart_is_drawn_with_the_sentence_that_says_it(path):
    """A screen reader reads the sentence under a chart first, and its data table only if asked."""
    assert not _draws_without_a_sentence(path), (
        f"{path}: chart_view.draw without summary= at {_draws_without_a_sentence(path)}"
    )


def test_the_sentence_rule_finds_a_chart_drawn_without_one(tmp_path, monkeypatch):
    (tmp_path / "page.py").write_text(
        "chart_view.draw(chart)\nchart_view.draw(chart, summary=said)\n", encoding="utf-8"
    )
    monkeypatch.setattr(sys.modules[__name__], "PROJECT", tmp_path)
    assert _draws_without_a_sentence("page.py") == ["line 1"]
