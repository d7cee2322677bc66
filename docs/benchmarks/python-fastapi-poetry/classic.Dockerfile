FROM python:3.13
WORKDIR /app
COPY . .
RUN pip install poetry poetry-plugin-export && poetry export --only main -o requirements.txt && pip install -r requirements.txt
CMD ["uvicorn", "service.main:app", "--host", "0.0.0.0", "--port", "8000"]
