"""Convert recipe quantities between metric and US units. Run with `python app.py`."""

import gradio as gr

GRAMS_PER = {"cup flour": 120, "cup sugar": 200, "tbsp butter": 14, "tsp salt": 6}


def convert(amount: float, unit: str) -> str:
    grams = amount * GRAMS_PER[unit]
    return f"{amount:g} {unit} = {grams:g} g"


with gr.Blocks(title="Recipe units") as demo:
    gr.Markdown("# Recipe units")
    amount = gr.Number(value=1, label="Amount")
    unit = gr.Dropdown(choices=list(GRAMS_PER), value="cup flour", label="Unit")
    result = gr.Textbox(label="In grams")
    gr.Button("Convert").click(convert, inputs=[amount, unit], outputs=result)

if __name__ == "__main__":
    demo.launch()
