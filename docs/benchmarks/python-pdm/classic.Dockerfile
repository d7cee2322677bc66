FROM python:3.13
WORKDIR /app
COPY . .
RUN pip install pdm && pdm export --prod -o requirements.txt && pip install -r requirements.txt
CMD ["uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8000"]
