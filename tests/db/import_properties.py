"""Shared pieces of the importers' property tests: cell values people might send, and the refusal check."""

from hypothesis import strategies as st

from components.text.catalogue import CATALOGUE
from db.core.errors import ImportRefused

PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc"))
NUMBERS = st.one_of(
    st.sampled_from(["inf", "-inf", "nan", "1e400", "1e13", "1,200.5", " 35 ", "-1", "0", "１２", "10000000000000"]),
    st.integers(min_value=-(10**16), max_value=10**16).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
TEXTS = st.one_of(
    st.text(PRINTABLE, max_size=30),
    st.text(PRINTABLE, min_size=95, max_size=130),  # about a column's limit
    st.sampled_from(['=HYPERLINK("http://x","y")', "<script>alert(1)</script>", "", " ", "是", "否"]),
)


def cell(*valid: str) -> st.SearchStrategy[str]:
    """Mostly what the column expects, sometimes anything."""
    return st.one_of(st.sampled_from(valid), TEXTS, NUMBERS) if valid else st.one_of(TEXTS, NUMBERS)


def assert_refused_with_reasons(refused: ImportRefused) -> None:
    """Every problem names a catalogue key whose placeholders its params fill: no raw error text."""
    assert refused.problems
    for problem in refused.problems:
        assert problem.reason in CATALOGUE, problem.reason
        for text in CATALOGUE[problem.reason]:
            text.format(**problem.params)
