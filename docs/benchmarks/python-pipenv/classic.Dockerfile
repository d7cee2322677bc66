FROM python:3.11
WORKDIR /app
COPY . .
RUN pip install pipenv && pipenv install --deploy --system
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "app:app"]
