"""Where the interface hands a string to Streamlit's Markdown, and whether that string can hold people's text.

Streamlit renders Markdown (links, images, headings, colours) in far more places than st.markdown:
alerts, captions, titles, every widget's label and tooltip, tab and expander titles, radio and pill
options, image captions. A string reaching one of those places must be built only from text we wrote:

- a literal, or the catalogue's own words: `t("key")` whose parameters are themselves safe,
  `label(Vocabulary, code)`, a helper named in CATALOGUE_WORDS, an entry of a mapping the file builds
  from those (`names = {code: t(...)}`; `names[code]`, `format_func=names.__getitem__`);
- catalogue text with any parameters through `plain.md(key, **params)`, which escapes each of them;
- anything else wrapped in `plain.escape(...)`;
- f-strings, `+`, `"sep".join(...)` and `a if c else b` of the above; a value with a format spec
  (`{share:.1f}`, `{n:d}`, `{at:%Y-%m-%d}`) is a number or a date, so it may appear as it is;
- a number: `len(...)`, `int(...)`, `round(...)`, a date's `.strftime("...")`.

Names and attributes are not followed: `st.caption(comment)` is refused even if `comment` were ours;
show people's text with `plain.text(...)`, or wrap it. The one leniency: a metric's value given as a
bare name or attribute is taken for the figure it always is here. Text shown without Markdown
(st.text, st.dataframe, st.code, selectbox and multiselect options) is no Markdown place.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

# The first positional argument (or this keyword) of these calls is rendered as Markdown.
BODIES = {
    **dict.fromkeys(
        "markdown write caption title header subheader info success warning error toast badge spinner".split(), "body"
    ),
    **dict.fromkeys(
        """expander popover button download_button link_button page_link form_submit_button checkbox toggle
        radio selectbox multiselect slider select_slider text_input text_area number_input date_input
        time_input datetime_input file_uploader color_picker camera_input audio_input pills
        segmented_control metric status dialog feedback""".split(),
        "label",
    ),
}
# Further keywords of these calls rendered as Markdown (and `help` on every call above).
KEYWORDS_OF = {"image": {"caption"}, "progress": {"text"}, "page_link": {"label"}}
NOT_MARKDOWN_FIRST = {"page_link", "image", "progress", "tabs"}  # a page, a picture, a share; tabs: below
OPTIONS_AS_MARKDOWN = {"radio", "pills", "segmented_control"}  # their options (or format_func's output)
# Our wrappers that hand their arguments to one of the calls above: checked where they are called,
# as that call would be, and not inside (file name and function name).
OUR_MARKDOWN_CALLS = {"menu.link": "page_link"}
WRAPPERS = {("menu.py", "link")}
# Markdown made, escaped, ahead of the run, by file and expression as written: a chart's data table,
# which chart_view.data_table builds from escaped cells only (tests/unit/system/test_cached_charts.py
# shows a hostile title arriving as text).
MADE_ESCAPED = {("chart_view.py", "chart.table")}
# Calls whose result is our own text or a number, by their name as written.
SAFE_CALLS = {"label", "code_label", "plain.md", "plain.escape", "len", "int", "float", "round", "abs", "sum"}
# Helpers in components/ that return only the catalogue's words for a code (a state, a level, a round).
CATALOGUE_WORDS = {
    "progress_view.status_text",
    "status_text",
    "level_text",
    "aspect_text",
    "rating_text",
    "survey_view.round_label",
    "survey_view.round_name",
    "labels.state",
    "labels.rating",
    "labels.fund",
    "labels.money",
}


class Sources:
    """The safety of expressions in one file, which knows its mappings of catalogue words (`names = {code: t(...)}`)."""

    def __init__(self, tree: ast.Module) -> None:
        assigned: dict[str, list[ast.expr]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        assigned.setdefault(target.id, []).append(node.value)
        self.mappings: set[str] = set()
        self.mappings = {name for name, values in assigned.items() if all(self._words(v) for v in values)}

    def _words(self, node: ast.expr) -> bool:
        """A dict (or dict comprehension) whose values are catalogue text, or tuples of it and a builder."""
        if isinstance(node, ast.Dict):
            values = node.values
        elif isinstance(node, ast.DictComp):
            values = [node.value]
        else:
            return False
        return all(
            all(self.safe(e) for e in v.elts if not isinstance(e, ast.Lambda))
            if isinstance(v, ast.Tuple)
            else self.safe(v)
            for v in values
        )

    def safe(self, node: ast.expr | None) -> bool:
        """Whether the expression can only give text we wrote (see the module's docstring)."""
        match node:
            case None | ast.Constant():
                return True
            case ast.JoinedStr(values=values):
                return all(self.safe(v) for v in values)
            case ast.FormattedValue(value=value, format_spec=spec):
                return spec is not None or self.safe(value)
            case ast.BinOp(left=left, right=right):
                return self.safe(left) and self.safe(right)
            case ast.IfExp(body=body, orelse=orelse):
                return self.safe(body) and self.safe(orelse)
            case ast.Subscript():
                return _root(node) in self.mappings
            case ast.Call():
                return self._safe_call(node)
        return False

    def _safe_call(self, call: ast.Call) -> bool:
        name, written = _called_name(call.func), ast.unparse(call.func)
        if written == "t":
            return not any(k.arg is None or not self.safe(k.value) for k in call.keywords)
        if written in SAFE_CALLS or written in CATALOGUE_WORDS:
            return True
        if name == "strftime":
            return all(isinstance(a, ast.Constant) for a in call.args)
        if name == "join" and isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Constant):
            return all(self.items(a) for a in call.args)
        return False

    def items(self, node: ast.expr) -> bool:
        """The elements of a list, tuple or comprehension given to join() or st.tabs()."""
        if isinstance(node, ast.List | ast.Tuple):
            return all(self.safe(e) for e in node.elts)
        if isinstance(node, ast.GeneratorExp | ast.ListComp):
            return self.safe(node.elt)
        return False

    def shown_options(self, call: ast.Call) -> list[ast.expr]:
        """What a radio's or pills' options show: format_func's result when given, else the options."""
        keywords = {k.arg: k.value for k in call.keywords}
        shown = keywords.get("format_func")
        if shown is None:
            options = keywords.get("options", call.args[1] if len(call.args) > 1 else None)
            return [] if options is None or self.items(options) else [options]
        if isinstance(shown, ast.Lambda):
            return [] if self.safe(shown.body) else [shown.body]
        if ast.unparse(shown) in CATALOGUE_WORDS:
            return []
        if isinstance(shown, ast.Attribute) and shown.attr in {"get", "__getitem__"} and _root(shown) in self.mappings:
            return []
        return [shown]


def _called_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _our_modules(tree: ast.Module) -> set[str]:
    """Names bound to the project's own modules (feedback.write is not st.write)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in {"components", "db"}:
            names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update((a.asname or a.name).split(".")[0] for a in node.names if a.name.split(".")[0] != "streamlit")
    return names


def _root(node: ast.expr) -> str:
    """The name an attribute, call or subscript chain starts from: `st` in st.sidebar.columns(2)[0].metric."""
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else ""


def _markdown_arguments(call: ast.Call, kind: str) -> Iterator[ast.expr]:
    main = BODIES.get(kind)
    if call.args and kind not in NOT_MARKDOWN_FIRST:
        yield call.args[0]
    for keyword in call.keywords:
        if keyword.arg in {main, "help"} or keyword.arg in KEYWORDS_OF.get(kind, set()):
            yield keyword.value
    if kind == "metric":
        # A metric's value and delta are Markdown too; a bare name there is a figure by this project's habit.
        yield from (v for v in call.args[1:3] if not isinstance(v, ast.Name | ast.Attribute))


def unsafe_markdown(path: Path) -> list[str]:
    """Every place in the file where a string that might hold people's text reaches Markdown."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    ours, sources = _our_modules(tree), Sources(tree)
    found = []
    inside_wrappers = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef) and (path.name, function.name) in WRAPPERS
        for node in ast.walk(function)
    }
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute) or id(call) in inside_wrappers:
            continue
        written = ast.unparse(call.func)
        kind = OUR_MARKDOWN_CALLS.get(written, call.func.attr)
        not_streamlit = _root(call.func) in ours and written not in OUR_MARKDOWN_CALLS
        if not_streamlit or not (kind in BODIES or kind in KEYWORDS_OF or kind == "tabs"):
            continue
        suspects = list(_markdown_arguments(call, kind))
        if kind == "tabs" and call.args and not sources.items(call.args[0]):
            suspects.append(call.args[0])
        if kind in OPTIONS_AS_MARKDOWN:
            suspects.extend(sources.shown_options(call))
        found += [
            f"{path.name}:{node.lineno}: {kind}({ast.get_source_segment(source, node)})"
            for node in suspects
            if not sources.safe(node) and (path.name, ast.unparse(node)) not in MADE_ESCAPED
        ]
    return found
