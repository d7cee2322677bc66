"""Delivery fleet status. Dash's run() reads HOST and PORT from the environment."""

from dash import Dash, Input, Output, dcc, html

VANS = {"north": 12, "south": 9, "east": 14, "west": 7}

app = Dash(__name__, title="Fleet status")
app.layout = html.Div(
    [
        html.H1("Fleet status"),
        dcc.Dropdown(id="region", options=list(VANS), value="north"),
        html.P(id="count"),
    ]
)


@app.callback(Output("count", "children"), Input("region", "value"))
def count(region: str) -> str:
    return f"{VANS.get(region, 0)} vans on the road"


if __name__ == "__main__":
    app.run(debug=False)
