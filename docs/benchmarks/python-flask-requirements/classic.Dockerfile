FROM python:3.11
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt gunicorn==23.0.0
CMD ["gunicorn", "--bind", "0.0.0.0:5000", "--access-logfile", "-", "app:app"]
