"""Streamlit's check for an emoji at the start of a label, without hashing the emoji pattern each time.

Streamlit looks for a leading emoji in every option of a segmented control or radio-like button group
and in every alert's text (`string_util.extract_leading_icon`). For text that is not plain ASCII —
all of ours — it calls `re.search(EMOJI_EXTRACTION_REGEX, text)` with the compiled pattern, and
Python 3.11's `re` then hashes that whole compiled pattern (every emoji there is) to look it up in
its cache: some 50 µs per label. Under a crowd of 20 sessions the dashboard's two segmented controls
spent 3 % of the server's time there. This is the same function searching with the pattern itself.
It depends on nothing that changes, so it is installed whatever the file watcher.

tests/unit/system/test_leading_emoji.py pins the function this replaces: an upgrade that changes it
fails there until this module is checked against it again.
"""

from __future__ import annotations

from streamlit import string_util

STREAMLITS_OWN = string_util.extract_leading_emoji


def install() -> None:
    """Streamlit's `extract_leading_icon` looks its helper up by name on each call: replace the helper."""
    string_util.extract_leading_emoji = leading_emoji


def leading_emoji(text: str) -> tuple[str, str]:
    """The first emoji at the start of `text` and the rest (less one separator), as Streamlit's own does."""
    if not text or text.isascii():  # ASCII holds no emoji
        return "", text
    from streamlit.emojis import EMOJI_EXTRACTION_REGEX  # a large module: Streamlit loads it late too

    match = EMOJI_EXTRACTION_REGEX.search(text)
    if match is None:
        return "", text
    return match.group(1), match.group(2)
