"""How every page looks beyond Streamlit's theme: text contrast, Streamlit's own English words, the kiosk.

One style sheet and one small script, drawn by the guard on every page, so that no screen fixes
these on its own:
- contrast (WCAG 2.1 AA, 4.5:1): Streamlit draws captions, the menu's group headings among them,
  at 0.6 opacity (#7f7e7d on the sidebar's #f8f8f7: 3.81:1); they get full opacity and a dark grey here.
- Streamlit's own English words, which it offers no setting for: "Press Enter to submit form"
  is hidden (a form's button says what it does); the uploader's "Drag and drop file here",
  "Limit … per file", "Browse files"/"Upload", the date fields' "yyyy/mm/dd" (by CSS) and the
  tables' and charts' toolbar buttons are given the interface's words by a script that rewrites
  only those known strings inside Streamlit's widgets, never people's text.
- headings in order: pages use st.header (h2) under st.title (h1), never st.subheader (h3),
  which would skip a level; h2 is drawn at the subheader's size.
- the kiosk (the hall's projector): no sidebar, header or toolbar; the page takes the screen.
"""

from __future__ import annotations

import functools
import json

import streamlit as st

from components.text import language

# Streamlit's own strings (1.67) and what a Chinese interface shows instead; the English
# interface keeps Streamlit's words. Matched whole, after trimming, inside WIDGET_CHROME only.
CHINESE = {
    "Drag and drop file here": "将文件拖到此处",
    "Drag and drop files here": "将文件拖到此处",
    "Browse files": "选择文件",
    "Upload": "上传",
    "Choose an option": "请选择",
    "Choose options": "请选择",
    "No results": "没有匹配项",
    "Clear all": "全部清除",
    "Clear value": "清除",
    "Download as CSV": "下载为 CSV",
    "Search": "搜索",
    "Fullscreen": "全屏",
    "Close fullscreen": "退出全屏",
    "Show/hide columns": "显示/隐藏列",
    "Copy to clipboard": "复制",
    "Sort ascending": "升序排列",
    "Sort descending": "降序排列",
    "Pin column": "固定此列",
    "Unpin column": "取消固定",
    "Hide column": "隐藏此列",
    "Autosize": "自动列宽",
    "Format": "格式",
    "Show/hide sidebar": "显示/隐藏侧栏",
    "Close sidebar": "收起侧栏",
    "Open sidebar": "展开侧栏",
    "Clear": "清除",
    "Delete": "删除",
    "Show data": "显示数据",
    "Hide data": "隐藏数据",
    "Download as PNG": "下载为 PNG",
    "Download as SVG": "下载为 SVG",
    "Copy Vega-Lite spec": "复制图表定义",
    "file upload": "上传文件",
    "Empty": "未填",
}
# The date fields' parts, read out as "year, 起始日期" by a screen reader.
DATE_PARTS = {"year": "年", "month": "月", "day": "日"}
# "10MB per file • XLSX, CSV" (older: "Limit 10MB per file …"): its size and types vary, so a pattern.
LIMIT_PATTERN = r"^(?:Limit )?(\S+) per file(?: • (.*))?$"
LIMIT_CHINESE = "单个文件不超过 "
DATE_PART_PATTERN = r"^(year|month|day), (.*)$"
WIDGET_CHROME = (
    '[data-testid="stFileUploader"], [data-testid="stElementToolbar"], [data-baseweb="popover"], '
    '[data-testid="stDateInput"], [data-testid="stSelectbox"], [data-testid="stMultiSelect"], '
    '[data-testid="stDataFrame"], [data-testid="stVegaLiteChart"], [data-testid="stSidebarCollapseButton"], '
    '[data-testid="stExpandSidebarButton"], [role="tooltip"]'
)

STYLE = """
<style>
/* 4.5:1 at least on white and on the sidebar's #f8f8f7 (Streamlit's faded grey is 3.8:1) */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stWidgetLabel"] small, [data-testid="stMetricLabel"], [data-testid="stMetricDelta"] svg + div {
  color: #4a4946 !important;
}
/* Streamlit fades the whole caption to 0.6 */
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
/* Sections are h2 under the page's h1 (headings in order); drawn at the size of Streamlit's subheader */
[data-testid="stMain"] [data-testid="stHeading"] h2 { font-size: 1.5rem; padding: 0.75rem 0 0.5rem; }
h1.sign-in-title { font-size: 1.75rem; font-weight: 600; padding: 0.5rem 0; margin: 0; }
/* Headline figures (components/shell/tiles.py), drawn as Streamlit's metric tiles are; two by two on a phone */
.ms-tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(9.5rem, 1fr)); gap: 1rem; }
.ms-tile-label { font-size: 0.875rem; color: #4a4946; }
.ms-tile-value { font-size: 2.25rem; line-height: 1.4; }
.ms-tile-change { font-size: 0.875rem; padding: 0.1rem 0.4rem; border-radius: 0.5rem; white-space: nowrap; }
.ms-tile-change.worse { color: #a4161a; background: #fdecea; }
.ms-tile-change.better { color: #1b5e20; background: #e8f5e9; }
.ms-tile-note { font-size: 0.875rem; color: #4a4946; }
.ms-tile-against { white-space: nowrap; }
/* "Press Enter to submit form" / "Press Ctrl+Enter …": English only, and the button says what it does */
[data-testid="InputInstructions"] { display: none !important; }
/* On a phone every control a finger taps is 44 px tall at least (WCAG 2.5.5; deputies vote and rate
   on phones): buttons, page links, fields, choices, tabs, expanders, help marks, table and chart
   toolbars. Heading anchors appear on hover only, which a phone has not: hidden there. */
@media (max-width: 640px) {
  [data-testid="stMain"] button, [data-testid="stMain"] [data-testid="stPageLink-NavLink"],
  [data-testid="stMain"] summary, [data-testid="stMain"] [data-testid="stTab"],
  [data-testid="stMain"] [data-testid="stSelectbox"] div:has(> div > input),
  [data-testid="stMain"] [data-testid="stMultiSelect"] div:has(> div > div > input) { min-height: 44px; }
  [data-testid="stMain"] [data-testid="stTextInputRootElement"],
  [data-testid="stMain"] [data-testid="stNumberInputContainer"] { height: 44px; }
  [data-testid="stMain"] [data-testid="stPageLink-NavLink"], [data-testid="stMain"] summary,
  [data-testid="stMain"] label[data-testid="stRadioOption"],
  [data-testid="stMain"] label:has(input[type="checkbox"]) {
    display: flex; align-items: center; min-height: 44px; }
  [data-testid="stMain"] [data-testid="stTooltipHoverTarget"],
  [data-testid="stMain"] [data-testid="stElementToolbar"] button {
    min-width: 44px; min-height: 44px; display: inline-flex; align-items: center; justify-content: center; }
  [data-testid="stMain"] [data-testid="stHeaderActionElements"] { display: none; }
}
%(date_parts)s
</style>
"""

# An empty date field shows "yyyy / mm / dd" in its parts (React Aria draws them; text set by a
# script would fight it): in Chinese the parts' letters give way to 年 / 月 / 日.
DATE_PART_STYLE = "".join(
    f'[data-testid="stDateInput"] [data-type="{part}"][data-placeholder="true"]'
    f'{{font-size:0}}[data-testid="stDateInput"] [data-type="{part}"][data-placeholder="true"]::after'
    f'{{content:"{word}";font-size:1rem}}'
    for part, word in DATE_PARTS.items()
)

KIOSK_STYLE = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"] { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container { padding: 2vh 3vw !important; max-width: none !important; }
</style>
"""

SCRIPT = """
<script>
(() => {
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  const words = %(words)s, parts = %(parts)s, chrome = %(chrome)s;
  const limit = new RegExp(%(limit)s), datePart = new RegExp(%(date_part)s);
  const swap = (value) => {
    const key = value.trim();
    if (Object.prototype.hasOwnProperty.call(words, key)) return value.replace(key, words[key]);
    const sized = (_, size, types) => %(limit_zh)s + size + (types ? " • " + types : "");
    if (limit.test(key)) return key.replace(limit, sized);
    if (datePart.test(key)) return key.replace(datePart, (_, part, label) => parts[part] + "，" + label);
    return null;
  };
  const translate = (root) => {
    root.querySelectorAll(chrome).forEach((box) => {
      const walker = doc.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const now = swap(node.nodeValue || "");
        if (now !== null && now !== node.nodeValue) node.nodeValue = now;
      }
      box.querySelectorAll("[aria-label],[title],[placeholder],[aria-valuetext]").forEach((el) => {
        for (const name of ["aria-label", "title", "placeholder", "aria-valuetext"]) {
          const value = el.getAttribute(name);
          if (!value) continue;
          const now = swap(value);
          if (now !== null && now !== value) el.setAttribute(name, now);
        }
      });
    });
  };
  if (doc.__minshengWords) return;  // one observer per browser tab
  doc.__minshengWords = true;
  translate(doc);
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; translate(doc); });
  }).observe(doc.body, { childList: true, subtree: true, characterData: true, attributes: true,
                         attributeFilter: ["aria-label", "title", "placeholder", "aria-valuetext"] });
})();
</script>
"""


# Two repairs of Streamlit's own menu (components/shell/menu.py), by one script kept across runs:
# - On a phone Streamlit closes the overlaid sidebar after a tap on the menu only when the browser
#   says it is a phone (its user agent): a narrow window or a tablet kept the menu over the page. A
#   listener closes it, as its close button does, below the width at which Streamlit overlays the
#   sidebar (768 px).
# - Its list puts each heading's entries in a <div> inside the <ul>, which a screen reader counts
#   as a broken list (axe: "list", "listitem"). The list and its items are marked as no list
#   (role="none"): the menu reads as its headings and links, which it is.
MENU_REPAIRS = """<script>
(() => {
  if (window.__menuRepaired) return;
  window.__menuRepaired = true;
  document.addEventListener("click", (event) => {
    const link = event.target.closest('[data-testid="stSidebarNav"] a');
    if (!link || window.innerWidth >= 768) return;
    const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (close) close.click();
  }, true);
  const unlist = () => document
    .querySelectorAll('[data-testid="stSidebarNavItems"]:not([role]), [data-testid="stSidebarNavItems"] li:not([role])')
    .forEach((element) => element.setAttribute("role", "none"));
  unlist();
  new MutationObserver(unlist).observe(document.body, { childList: true, subtree: true });
})();
</script>"""


def script() -> str:
    """The script that puts the Chinese interface's words in place of Streamlit's English ones."""
    return SCRIPT % {
        "words": json.dumps(CHINESE, ensure_ascii=False),
        "parts": json.dumps(DATE_PARTS, ensure_ascii=False),
        "date_part": json.dumps(DATE_PART_PATTERN),
        "chrome": json.dumps(WIDGET_CHROME),
        "limit": json.dumps(LIMIT_PATTERN),
        "limit_zh": json.dumps(LIMIT_CHINESE, ensure_ascii=False),
    }


def install(*, kiosk: bool = False) -> None:
    """Draw the shared style and scripts (the menu's repairs; in Chinese, the words); a kiosk page also
    hides Streamlit's frame. One element, made once: every page sends it on every run."""
    st.html(page_head(chinese=language() == "zh", kiosk=kiosk), unsafe_allow_javascript=True)


@functools.cache
def page_head(*, chinese: bool, kiosk: bool) -> str:
    """The style sheet and scripts: a style element applies to the whole page wherever it stands."""
    style = STYLE % {"date_parts": DATE_PART_STYLE if chinese else ""} + (KIOSK_STYLE if kiosk else "")
    return style + MENU_REPAIRS + (script() if chinese else "")
