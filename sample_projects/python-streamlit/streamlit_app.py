"""Monthly sales at a glance. Run locally with `streamlit run streamlit_app.py`."""

import streamlit as st

SALES = {"Jan": 120, "Feb": 135, "Mar": 160, "Apr": 150, "May": 190, "Jun": 210}

st.set_page_config(page_title="Sales", page_icon=":bar_chart:")
st.title("Monthly sales")
month = st.selectbox("Month", list(SALES))
st.metric(f"Sales in {month}", SALES[month])
st.bar_chart(SALES)
