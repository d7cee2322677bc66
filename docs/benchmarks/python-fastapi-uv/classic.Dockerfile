FROM python:3.13
WORKDIR /app
COPY . .
RUN pip install uv && uv sync --locked --no-dev
ENV PATH=/app/.venv/bin:$PATH
CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]
