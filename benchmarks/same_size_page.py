"""As many elements as an app page sends (?n=), and nothing else: what Streamlit itself costs for a page that size.

bench_dashboard.py loads it beside the bare page, with n set so that a run sends as many messages
as the home page's or the dashboard's, to show how much of a page's cost is Streamlit's per element.
"""

import streamlit as st

st.write("ok")
for line in range(int(st.query_params.get("n", "1")) - 1):
    st.caption(f"line {line}")
